"""One-time codes that open an order in the returns portal.

A code is six digits, sent to the contact the store has on file for the order (never to one typed on the page),
on WhatsApp first and then SMS or e-mail, through the messaging engine (its fallbacks apply). Only a salted
HMAC of the code is stored. A code lives CODE_TTL, allows MAX_WRONG_PER_CODE wrong guesses and is used once;
asking for a new one retires the old one. Limits per client address, per phone and per order (LIMITS) stop
both guessing and sending floods; each counted action is a `PortalAttempt` row with a hashed key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wasl.core.errors import Conflict, Invalid
from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.selectors import rule_for
from wasl.messaging.services import Draft, conversation_get_or_create, message_queue
from wasl.orders.models import Order
from wasl.portal import returns_texts
from wasl.portal.models import AttemptKind, OtpChallenge, PortalAttempt
from wasl.stores.models import Store

CODE_TTL = timedelta(minutes=10)
CODE_DIGITS = 6
MAX_WRONG_PER_CODE = 5
WINDOW = timedelta(hours=1)
OTP_EVENT = "return.code"
OTP_TEMPLATE = "wasl_return_code"  # an authentication template at Meta, one body parameter: the code


@dataclass(frozen=True)
class Limit:
    kind: str
    scope: str
    most: int


# Within WINDOW. A lookup that finds nothing counts against the client's address only: the order is unknown.
LIMITS = {
    "lookup_ip": Limit(AttemptKind.LOOKUP_FAILED, "ip", 10),
    "send_ip": Limit(AttemptKind.CODE_SENT, "ip", 10),
    "send_phone": Limit(AttemptKind.CODE_SENT, "phone", 5),
    "send_order": Limit(AttemptKind.CODE_SENT, "order", 5),
    "wrong_ip": Limit(AttemptKind.CODE_FAILED, "ip", 20),
    "wrong_order": Limit(AttemptKind.CODE_FAILED, "order", 10),
}


class TooManyAttempts(Conflict):
    code = "too_many_attempts"


def _key(scope: str, value: str) -> str:
    return hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()


def _count(limit: Limit, value: str, now: datetime) -> int:
    return PortalAttempt.objects.filter(
        kind=limit.kind, key=_key(limit.scope, value), created_at__gt=now - WINDOW
    ).count()


def check_limit(name: str, value: str, *, now: datetime | None = None) -> None:
    """Raise `too_many_attempts` when the action named has been counted LIMITS[name].most times already."""
    limit = LIMITS[name]
    if value and _count(limit, value, now or timezone.now()) >= limit.most:
        raise TooManyAttempts("too many attempts; try again later", code="too_many_attempts")


def attempt_record(kind: str, *, now: datetime | None = None, **scopes: str) -> None:
    at = now or timezone.now()
    PortalAttempt.objects.bulk_create(
        [
            PortalAttempt(kind=kind, key=_key(scope, value), created_at=at)
            for scope, value in scopes.items()
            if value
        ]
    )


def _hash(salt: str, code: str) -> str:
    secret = hashlib.sha256(("wasl-otp:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(secret, f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def mask(address: str) -> str:
    """What the page may show of where the code went: enough to recognise, not enough to learn."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}•••@{domain}"
    return f"{address[:4]} •••• {address[-2:]}" if len(address) > 6 else "••••"


def _routes(store: Store, order: Order) -> list[tuple[str, str]]:
    """(channel, address) in the order the store's rule gives, e-mail last when the rule leaves it out."""
    customer = order.customer
    if customer is None:
        return []
    channels = list(rule_for(store_id=store.pk, event=OTP_EVENT).channels)
    if "email" not in channels:
        channels.append("email")
    configured = configured_channels(store_id=store.pk)
    routes = []
    for channel in channels:
        address = customer.email if channel == "email" else customer.phone
        if channel in configured and address:
            routes.append((channel, address))
    return routes


def _draft(channel: str, code: str, order: Order, store: Store, language: str) -> Draft:
    body = returns_texts.code_text(language=language, code=code, store=store.name, order=order.number)
    if channel == "whatsapp":
        # Outside a conversation window only an approved template reaches the buyer; it carries the code.
        return Draft(
            kind="template",
            body=body,
            language=language,
            event=OTP_EVENT,
            template_name=OTP_TEMPLATE,
            template_params=(code,),
        )
    if channel == "email":
        subject = returns_texts.code_subject(language=language, store=store.name)
        return Draft(kind="email", body=body, language=language, event=OTP_EVENT, subject=subject)
    return Draft(kind="text", body=body, language=language, event=OTP_EVENT)


@transaction.atomic
def otp_send(*, store: Store, order: Order, client_ip: str, language: str) -> OtpChallenge:
    """Send a new code for the order; earlier codes stop working. Refused with `too_many_attempts`."""
    now = timezone.now()
    phone = order.customer.phone if order.customer else ""
    check_limit("send_ip", client_ip, now=now)
    check_limit("send_phone", phone, now=now)
    check_limit("send_order", str(order.pk), now=now)
    routes = _routes(store, order)
    if not routes:
        raise Invalid("the store cannot send a code to this order's buyer", code="no_channel")
    channel, address = routes[0]
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(8)
    OtpChallenge.objects.filter(order=order, used_at__isnull=True, superseded=False).update(superseded=True)
    challenge = OtpChallenge.objects.create(
        store=store,
        order=order,
        customer=order.customer,
        channel=channel,
        destination=mask(address),
        salt=salt,
        code_hash=_hash(salt, code),
        expires_at=now + CODE_TTL,
    )
    conversation = conversation_get_or_create(
        store=store, channel=channel, address=address, customer=order.customer
    )
    # Asked for by the buyer on the page a moment ago: not held for quiet hours.
    message_queue(
        conversation=conversation,
        draft=_draft(channel, code, order, store, language),
        idempotency_key=f"portal-otp:{challenge.pk}",
        order=order,
    )
    attempt_record(AttemptKind.CODE_SENT, now=now, ip=client_ip, phone=phone, order=str(order.pk))
    return challenge


@dataclass(frozen=True)
class Verdict:
    order_id: int | None
    error: str = ""  # a code from VERIFY_ERRORS, "" when the code was right
    left: int = 0  # wrong guesses left on this code


VERIFY_ERRORS = ("code_expired", "code_used", "code_replaced", "code_wrong", "too_many_attempts")


def _judge(challenge: OtpChallenge, code: str, client_ip: str, now: datetime) -> Verdict:
    if challenge.used_at is not None:
        return Verdict(None, "code_used")
    if challenge.superseded:
        return Verdict(None, "code_replaced")
    if challenge.expires_at <= now:
        return Verdict(None, "code_expired")
    if challenge.attempts >= MAX_WRONG_PER_CODE:
        return Verdict(None, "too_many_attempts")
    for name, value in (("wrong_ip", client_ip), ("wrong_order", str(challenge.order_id))):
        try:
            check_limit(name, value, now=now)
        except TooManyAttempts:
            return Verdict(None, "too_many_attempts")
    typed = "".join(ch for ch in code if ch.isdigit())
    if len(typed) == CODE_DIGITS and hmac.compare_digest(_hash(challenge.salt, typed), challenge.code_hash):
        challenge.used_at = now
        challenge.save(update_fields=["used_at"])
        return Verdict(challenge.order_id)
    challenge.attempts += 1
    challenge.save(update_fields=["attempts"])
    attempt_record(AttemptKind.CODE_FAILED, now=now, ip=client_ip, order=str(challenge.order_id))
    left = MAX_WRONG_PER_CODE - challenge.attempts
    return Verdict(None, "code_wrong" if left > 0 else "too_many_attempts", left)


def otp_verify(*, store: Store, challenge_id: int, code: str, client_ip: str) -> Verdict:
    """Check a typed code. A wrong guess is counted (and committed) before the verdict is given back."""
    with transaction.atomic():
        challenge = OtpChallenge.objects.select_for_update().filter(store=store, pk=challenge_id).first()
        if challenge is None:
            return Verdict(None, "code_expired")
        return _judge(challenge, code, client_ip, timezone.now())
