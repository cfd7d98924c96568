"""Writes of the returns portal: a buyer's choices become a return through `returns.services.return_create`.

The portal adds what the returns domain does not hold: the pickup day and slot, the bank or wallet details of
a cash-on-delivery refund (encrypted), the buyer's photos, and the message that confirms the request with its
QR code, label or pickup slot. All of it is written in the transaction that creates the return.
"""

from __future__ import annotations

import re
import string
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wasl.core.errors import Conflict, Invalid
from wasl.core.money import quantize
from wasl.core.phones import is_mobile, to_e164
from wasl.messaging.bot_texts import ltr
from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.services import Draft, conversation_get_or_create, conversation_window_open, message_queue
from wasl.orders.models import Order, PaymentMethod, Variant
from wasl.portal import returns_texts
from wasl.portal.models import PayoutMethod, ReturnLogistics
from wasl.portal.returns_selectors import OrderChoices, available_stock, exchange_allowed
from wasl.portal.uploads import photos_attach
from wasl.returns.models import Resolution, ReturnMethod, ReturnRequest
from wasl.returns.services import ItemAsked, return_create
from wasl.stores.crypto import encrypt

PICKUP_SLOTS = ("09:00-12:00", "12:00-15:00", "15:00-18:00")
PICKUP_DAYS_AHEAD = 6
TOKEN_SALT = "wasl.portal.return"  # noqa: S105 (a signing namespace, not a secret)


@dataclass
class ItemDraft:
    line_id: int
    quantity: int
    reason: str
    exchange_sku: str = ""


@dataclass
class ReturnDraft:
    """What the buyer has chosen so far; kept in the session between the form's steps."""

    items: list[ItemDraft] = field(default_factory=list)
    comment: str = ""
    key: str = ""  # the return's idempotency key: a second submit of the same form makes no second return

    def as_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: dict[str, Any] | None) -> ReturnDraft:
        data = data or {}
        items = [ItemDraft(**item) for item in data.get("items", [])]
        return cls(items=items, comment=str(data.get("comment", "")), key=str(data.get("key", "")))


@dataclass(frozen=True)
class Choice:
    resolution: str
    method: str
    exchange: dict[int, str]  # line id -> SKU wanted
    pickup_date: date | None = None
    pickup_slot: str = ""
    payout_method: str = ""
    payout_account: str = ""


# --- checks ---


def iban_valid(raw: str) -> str:
    """The IBAN without spaces, upper case, when its ISO 13616 check digits hold; else `invalid_iban`."""
    iban = re.sub(r"[\s-]", "", raw).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        raise Invalid("not an IBAN", code="invalid_iban")
    moved = iban[4:] + iban[:4]
    digits = "".join(str(string.ascii_uppercase.index(ch) + 10) if ch.isalpha() else ch for ch in moved)
    if int(digits) % 97 != 1:
        raise Invalid("the IBAN's check digits do not match", code="invalid_iban")
    return iban


def wallet_valid(raw: str, country: str) -> str:
    phone = to_e164(raw, country)
    if not phone or not is_mobile(phone):
        raise Invalid("a wallet number is a mobile phone number", code="invalid_wallet")
    return phone


def pickup_days(*, store_timezone: str, now: datetime | None = None) -> list[date]:
    """Tomorrow and the days after it, in the store's time zone."""
    try:
        zone = ZoneInfo(store_timezone)
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    today = (now or timezone.now()).astimezone(zone).date()
    return [today + timedelta(days=n) for n in range(1, PICKUP_DAYS_AHEAD + 1)]


def needs_payout(order: Order, resolution: str) -> bool:
    """A cash-on-delivery order has no online payment to refund to: staff pay the buyer's account."""
    return order.payment_method == PaymentMethod.COD and resolution == Resolution.REFUND


@dataclass(frozen=True)
class Estimate:
    value: Decimal  # the items at the price paid
    fee: Decimal
    refund: Decimal  # value less the fee, never below zero
    bonus: Decimal  # store credit bonus on `refund`
    difference: Decimal  # exchange: replacement less returned (positive: the buyer pays it)


def estimate(choices: OrderChoices, draft: ReturnDraft, exchange: dict[int, Variant]) -> Estimate:
    currency = choices.order.currency
    by_line = {c.line.pk: c.line for c in choices.lines}
    value = sum(
        (by_line[i.line_id].unit_price * i.quantity for i in draft.items if i.line_id in by_line), Decimal(0)
    )
    fee = choices.fee()
    refund = max(quantize(value - fee, currency), Decimal(0))
    bonus = quantize(refund * choices.policy.credit_bonus_percent / 100, currency)
    wanted = sum(
        (exchange[i.line_id].price * i.quantity for i in draft.items if i.line_id in exchange), Decimal(0)
    )
    difference = quantize(wanted - value, currency) if exchange else Decimal(0)
    return Estimate(value, fee, refund, bonus, difference)


def _check_choice(order: Order, draft: ReturnDraft, choice: Choice) -> tuple[str, str]:
    if choice.method == ReturnMethod.PICKUP:
        days = pickup_days(store_timezone=order.store.timezone)
        if choice.pickup_date not in days or choice.pickup_slot not in PICKUP_SLOTS:
            raise Invalid("choose a pickup day and slot", code="pickup_required")
    if exchange_allowed(choice.resolution):
        skus = [choice.exchange.get(i.line_id, "") for i in draft.items]
        if not all(skus):
            raise Invalid("choose a replacement for each item", code="missing_exchange_sku")
        variants = {v.sku: v for v in Variant.objects.filter(store=order.store, sku__in=skus)}
        free = available_stock(store=order.store, variant_ids=[v.pk for v in variants.values()])
        for item in draft.items:
            variant = variants.get(choice.exchange[item.line_id])
            if variant is None:
                raise Invalid("no such variant", code="unknown_variant")
            if free[variant.pk] < item.quantity:
                raise Conflict(f"{variant.sku} is held by other exchanges", code="out_of_stock")
    if not needs_payout(order, choice.resolution):
        return "", ""
    if choice.payout_method == PayoutMethod.BANK:
        return PayoutMethod.BANK, iban_valid(choice.payout_account)
    if choice.payout_method == PayoutMethod.WALLET:
        return PayoutMethod.WALLET, wallet_valid(
            choice.payout_account, order.ship_country or order.store.country
        )
    raise Invalid("a refund of a cash order needs an IBAN or a wallet number", code="payout_required")


def _hint(method: str, account: str) -> str:
    return f"{'IBAN' if method == PayoutMethod.BANK else 'Wallet'} •••• {account[-4:]}" if account else ""


# --- links ---


def return_token(ret: ReturnRequest) -> str:
    """A link's key to one return's page, for buyers who come back from a message without a session."""
    return signing.dumps({"r": ret.pk, "s": ret.store_id}, salt=TOKEN_SALT, compress=True)


def return_id_from_token(token: str, *, store_id: int) -> int | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=timedelta(days=180))
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != store_id:
        return None
    found = data.get("r")
    return found if isinstance(found, int) else None


def return_link(ret: ReturnRequest, name: str = "return") -> str:
    path = reverse(f"returns_portal:{name}", args=[ret.store.slug, ret.code])
    return f"{settings.WASL_PUBLIC_URL}{path}?k={return_token(ret)}"


# --- submitting ---


@transaction.atomic
def return_submit(*, order: Order, draft: ReturnDraft, choice: Choice, language: str) -> ReturnRequest:
    """Create the return the buyer asked for, with its logistics and photos, and confirm it to them."""
    payout_method, account = _check_choice(order, draft, choice)
    items = [
        ItemAsked(
            line_id=i.line_id,
            quantity=i.quantity,
            reason=i.reason,
            comment=draft.comment,
            exchange_sku=choice.exchange.get(i.line_id, "") if exchange_allowed(choice.resolution) else "",
        )
        for i in draft.items
    ]
    outcome = return_create(
        order=order,
        items=items,
        resolution=choice.resolution,
        method=choice.method,
        idempotency_key=draft.key,
        actor="buyer",
    )
    ret = outcome.ret
    if not outcome.created:
        return ret
    ReturnLogistics.objects.create(
        return_request=ret,
        pickup_date=choice.pickup_date if choice.method == ReturnMethod.PICKUP else None,
        pickup_slot=choice.pickup_slot if choice.method == ReturnMethod.PICKUP else "",
        payout_method=payout_method,
        encrypted_payout_details=encrypt(f"{payout_method}:{account}") if account else "",
        payout_hint=_hint(payout_method, account),
    )
    photos_attach(order=order, ret=ret)
    confirmation_send(ret=ret, language=language, pickup=(choice.pickup_date, choice.pickup_slot))
    return ret


def confirmation_send(*, ret: ReturnRequest, language: str, pickup: tuple[date | None, str]) -> None:
    """WhatsApp first (SMS as the messaging engine falls back): the return's link, and the QR, label or slot."""
    customer = ret.customer
    if customer is None or not customer.phone:
        return
    configured = configured_channels(store_id=ret.store_id)
    channel = next((c for c in ("whatsapp", "sms") if c in configured), None)
    if channel is None:
        return
    day, slot = pickup
    values = {
        "customer_name": customer.name or "",
        "order_number": ltr(ret.order.number or ret.order.external_id, language),
        "return_code": ltr(ret.code, language),
        "return_link": return_link(ret),
        "qr_link": return_link(ret, "qr_png"),
        "label_link": return_link(ret, "label"),
        "pickup_day": day.isoformat() if day else "",
        "pickup_slot": ltr(slot, language),
    }
    body = returns_texts.requested_text(language=language, values=values, method=ret.method)
    conversation = conversation_get_or_create(
        store=ret.store, channel=channel, address=customer.phone, customer=customer
    )
    if channel == "whatsapp" and not conversation_window_open(conversation):
        draft = Draft(
            kind="template",
            body=body,
            language=language,
            event=returns_texts.REQUESTED_EVENT,
            template_name=returns_texts.REQUESTED_TEMPLATE,
            template_params=tuple(values[name] or "-" for name in returns_texts.REQUESTED_PARAMS),
        )
    else:
        draft = Draft(kind="text", body=body, language=language, event=returns_texts.REQUESTED_EVENT)
    message_queue(
        conversation=conversation,
        draft=draft,
        idempotency_key=f"return:{ret.pk}:requested",
        order=ret.order,
    )
