"""Abandoned checkouts: stored as the shop last described them, then a recovery sequence (by default 1 h and
24 h after the cart was last changed) until an order is placed, the buyer completes the checkout, or the
steps run out. A random share of checkouts (the store's holdout) gets no message, to measure what the
sequence itself recovers.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wasl.campaigns.content import CART_EVENT, LANGUAGES, built_in_spec
from wasl.campaigns.models import Checkout, CheckoutStatus, Touch, TouchKind
from wasl.campaigns.store_settings import SettingsInForce, settings_for
from wasl.campaigns.touches import Recipient, Sending, first_name, touches_create
from wasl.campaigns.types import CheckoutData
from wasl.core.errors import Invalid
from wasl.core.money import format_money, is_currency, quantize
from wasl.core.phones import to_e164
from wasl.core.text import db_text
from wasl.messaging.consent import consent_set
from wasl.messaging.languages import choose_language, country_of_phone
from wasl.messaging.models import Message, MessageStatus
from wasl.messaging.rendering import buyer_locale
from wasl.messaging.services import status_event_add
from wasl.orders.models import Customer, Order, Product
from wasl.risk.holdout import holdout_draw, holdout_secret, is_held_out
from wasl.stores.models import Store

MAX_AMOUNT = Decimal("99999999999")
CART_ITEMS_MAX = 300
DUE_BATCH = 200


def _validate(data: CheckoutData) -> None:
    if not data.external_id.strip() or len(data.external_id) > 100:
        raise Invalid("a checkout needs an id of at most 100 characters", code="missing_external_id")
    if not is_currency(data.currency):
        raise Invalid(f"{data.currency!r} is not an ISO 4217 currency code", code="invalid_currency")
    if not Decimal(0) <= data.total <= MAX_AMOUNT:
        raise Invalid("total must be between 0 and 99999999999", code="invalid_amount")
    if data.updated_at.tzinfo is None:
        raise Invalid("updated_at needs a time zone offset", code="invalid_date")
    if data.recovery_url and not data.recovery_url.startswith(("https://", "http://")):
        raise Invalid("recovery_url must be an http(s) URL", code="invalid_url")
    if any(line.quantity <= 0 or line.unit_price < 0 for line in data.lines):
        raise Invalid("each line needs a positive quantity and a price of at least 0", code="invalid_line")


def _image_of(store: Store, data: CheckoutData) -> str:
    for line in data.lines:
        if line.image_url.startswith(("https://", "http://")):
            return line.image_url[:500]
    ids = [line.product_external_id for line in data.lines if line.product_external_id]
    product = Product.objects.filter(store=store, external_id__in=ids).exclude(image_url="").first()
    return product.image_url if product is not None else ""


def _customer_of(store: Store, phone: str, email: str) -> Customer | None:
    if not phone and not email:
        return None
    match = Q(phone=phone) if phone else Q()
    if email:
        match = match | Q(email=email) if phone else Q(email=email)
    return Customer.objects.filter(store=store).filter(match).order_by("pk").first()


def _step_time(checkout: Checkout, steps: tuple[int, ...]) -> datetime | None:
    if checkout.steps_done >= len(steps):
        return None
    return checkout.abandoned_at + timedelta(hours=steps[checkout.steps_done])


@transaction.atomic
def checkout_upsert(*, store: Store, data: CheckoutData) -> tuple[Checkout, str]:
    """Create or bring up to date; returns the checkout and "created", "updated", "stale" or "closed"."""
    _validate(data)
    phone = to_e164(data.phone, data.country or store.country)
    email = data.email.strip().lower() if len(data.email.strip()) <= 254 else ""
    fields = {
        "token": db_text(data.token, 100),
        "cart_token": db_text(data.cart_token, 100),
        "name": db_text(data.name, 200),
        "phone": phone,
        "email": email,
        "language": data.language if data.language in LANGUAGES else "",
        "currency": data.currency.upper(),
        "total": quantize(data.total, data.currency.upper()),
        "lines": [
            {
                "name": db_text(line.name, 300),
                "sku": db_text(line.sku, 100),
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "product_external_id": db_text(line.product_external_id, 100),
                "image_url": line.image_url[:500],
            }
            for line in data.lines[:100]
        ],
        "image_url": _image_of(store, data),
        "recovery_url": data.recovery_url[:1000],
        "customer": _customer_of(store, phone, email),
    }
    if data.accepts_marketing and phone:
        # The buyer ticked "email me with news and offers" (or the shop's equivalent) at checkout.
        consent_set(store=store, phone=phone, source=f"{data.source}:checkout", marketing_opt_in=True)
    config = settings_for(store=store)
    existing = (
        Checkout.objects.select_for_update()
        .filter(store=store, source=data.source, external_id=data.external_id)
        .first()
    )
    if existing is None:
        checkout = Checkout(store=store, source=data.source, external_id=data.external_id, **fields)
        checkout.abandoned_at = data.updated_at
        draw = holdout_draw(holdout_secret(store), f"checkout:{data.source}:{data.external_id}")
        checkout.holdout = is_held_out(draw, float(config.holdout_share))
        checkout.next_step_at = (
            _step_time(checkout, config.recovery_steps_h) if config.recovery_enabled else None
        )
        checkout.save()
        result = "created"
    else:
        checkout = existing
        if checkout.status != CheckoutStatus.OPEN:
            return checkout, "closed"
        if data.updated_at < checkout.abandoned_at:
            return checkout, "stale"
        for name, value in fields.items():
            setattr(checkout, name, value)
        checkout.abandoned_at = data.updated_at  # a changed cart starts the clock of the next step again
        checkout.next_step_at = (
            _step_time(checkout, config.recovery_steps_h) if config.recovery_enabled else None
        )
        checkout.save()
        result = "updated"
    if data.completed_at is not None:
        checkout_close(checkout=checkout, order=None, at=data.completed_at)
    return checkout, result


def checkout_close(*, checkout: Checkout, order: Order | None, at: datetime) -> None:
    """The buyer ordered: no further step, and a reminder still waiting (quiet hours) is not sent."""
    reached = Touch.objects.filter(checkout=checkout, holdout=False, message__isnull=False)
    checkout.status = CheckoutStatus.RECOVERED if reached.exists() else CheckoutStatus.COMPLETED
    checkout.next_step_at = None
    checkout.closed_at = at
    if order is not None:
        checkout.order = order
    checkout.save(update_fields=["status", "next_step_at", "closed_at", "order", "updated_at"])
    messages_withdraw(message_ids=list(reached.values_list("message_id", flat=True)), reason="order_placed")


def messages_withdraw(*, message_ids: list[int], reason: str) -> int:
    """Queued messages that no longer make sense are held back (skipped); claimed or sent ones are not touched."""
    now = timezone.now()
    waiting = list(Message.objects.filter(pk__in=message_ids, status=MessageStatus.QUEUED))
    done = Message.objects.filter(pk__in=[m.pk for m in waiting], status=MessageStatus.QUEUED).update(
        status=MessageStatus.SKIPPED, error_code=reason, error_title="no longer needed", updated_at=now
    )
    for message in waiting:
        status_event_add(
            message=message, status=MessageStatus.SKIPPED, at=now, source="rule", error_code=reason
        )
    return done


def _cart_items(checkout: Checkout) -> str:
    items = ", ".join(f"{line['quantity']} × {line['name']}" for line in checkout.lines if line.get("name"))
    return items[: CART_ITEMS_MAX - 1] + "…" if len(items) > CART_ITEMS_MAX else items


def _recipient(store: Store, checkout: Checkout, step: int) -> Recipient:
    language = choose_language(
        stored=checkout.language or (checkout.customer.language if checkout.customer else ""),
        phone=checkout.phone,
        store_default=store.language,
    )
    locale = buyer_locale(language, country_of_phone(checkout.phone))
    return Recipient(
        phone=checkout.phone,
        customer=checkout.customer,
        language=language,
        key=f"cart:{checkout.pk}:step{step}",
        values={
            "customer_name": first_name(checkout.customer, checkout.name, language),
            "store_name": store.name,
            "cart_items": _cart_items(checkout) or "-",
            "cart_total": format_money(checkout.total, checkout.currency, locale),
        },
        link_url=checkout.recovery_url,
        holdout=checkout.holdout,
    )


def _claim_step(checkout: Checkout, config: SettingsInForce, now: datetime) -> int | None:
    """Move the checkout past its due step with one conditional UPDATE; the step's number, or None if taken."""
    step = checkout.steps_done + 1
    following = (
        checkout.abandoned_at + timedelta(hours=config.recovery_steps_h[step])
        if step < len(config.recovery_steps_h)
        else None
    )
    claimed = Checkout.objects.filter(
        pk=checkout.pk, status=CheckoutStatus.OPEN, steps_done=checkout.steps_done, next_step_at__lte=now
    ).update(
        steps_done=step,
        next_step_at=following,
        status=CheckoutStatus.OPEN if following else CheckoutStatus.EXPIRED,
        updated_at=now,
    )
    return step if claimed else None


def recovery_run_due(*, now: datetime | None = None) -> dict[str, int]:
    """Send every recovery step that is due, each once; safe to run at the same time in several workers."""
    now = now or timezone.now()
    outcome: Counter[str] = Counter()
    due = (
        Checkout.objects.filter(status=CheckoutStatus.OPEN, next_step_at__lte=now)
        .select_related("store", "customer")
        .order_by("next_step_at")[:DUE_BATCH]
    )
    for checkout in due:
        outcome.update(_run_step(checkout, now))
    return dict(outcome)


@transaction.atomic
def _run_step(checkout: Checkout, now: datetime) -> Counter[str]:
    store = checkout.store
    config = settings_for(store=store)
    if not config.recovery_enabled or not checkout.phone:
        Checkout.objects.filter(pk=checkout.pk).update(next_step_at=None)
        return Counter({"not_reachable": 1})
    step = _claim_step(checkout, config, now)
    if step is None:
        return Counter({"taken": 1})
    sending = Sending(
        store=store,
        kind=TouchKind.CART_RECOVERY,
        event=CART_EVENT,
        spec_for=lambda language: built_in_spec(store_id=store.pk, event=CART_EVENT, language=language),
        image_url=checkout.image_url,
        checkout=checkout,
        step=step,
        marketing=True,
        weekly_cap=config.max_marketing_per_week,
    )
    return touches_create(sending=sending, recipients=[_recipient(store, checkout, step)], now=now)
