"""Razorpay's webhooks: `X-Razorpay-Signature` checked by the library's own utility, events read into our types.

`payment_link.paid` and `payment.captured` say a buyer paid (the first carries the link, the second the
payment with the link's order id and notes); `refund.processed` / `refund.failed` settle our refunds;
`payment_link.cancelled` / `payment_link.expired` close a link. Everything else is ignored.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import razorpay
from razorpay.errors import SignatureVerificationError

from wasl.payments.amounts import from_minor
from wasl.payments.events import Ignored, LinkChanged, Paid, ParsedWebhook, PaymentEvent, RefundChanged
from wasl.payments.providers.razorpay import REFUND_STATUS
from wasl.shipping.types import AdapterError

SIGNATURE_HEADER = "x-razorpay-signature"
EVENT_ID_HEADER = "x-razorpay-event-id"
NAME = "razorpay"
_utility = razorpay.Utility()


def verify(body: bytes, signature: str, secret: str) -> bool:
    """Hex HMAC-SHA256 of the raw body with the webhook secret. The library hashes text, so the body must be
    UTF-8 (it then re-encodes to the very same bytes)."""
    if not signature or not secret:
        return False
    try:
        return bool(_utility.verify_webhook_signature(body.decode("utf-8"), signature, secret))
    except (SignatureVerificationError, UnicodeDecodeError, TypeError):  # TypeError: a non-ASCII signature
        return False


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _entity(payload: dict[str, Any], name: str) -> dict[str, Any] | None:
    wrapper = payload.get(name)
    entity = wrapper.get("entity") if isinstance(wrapper, dict) else None
    return entity if isinstance(entity, dict) else None


def _amount(entity: dict[str, Any], field: str = "amount") -> tuple[Any, str]:
    value, currency = entity.get(field), _text(entity.get("currency")).upper()
    if isinstance(value, bool) or not isinstance(value, int) or len(currency) != 3:
        raise AdapterError("invalid_amount", f"{field} and currency must be an integer and a currency code")
    return from_minor(value, currency, provider=NAME), currency


def _when(value: Any) -> datetime:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 32503680000:
        return datetime.fromtimestamp(value, tz=UTC)
    return datetime.now(tz=UTC)


def _notes(entity: dict[str, Any]) -> dict[str, str]:
    notes = entity.get("notes")  # an object, or [] when empty
    return {str(k): str(v) for k, v in notes.items()} if isinstance(notes, dict) else {}


def _int_or_none(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 18 else None


def _paid(payment: dict[str, Any], link: dict[str, Any] | None) -> Paid:
    amount, currency = _amount(payment)
    notes = {**_notes(payment), **_notes(link or {})}
    return Paid(
        provider=NAME,
        payment_id=_text(payment.get("id")),
        amount=amount,
        currency=currency,
        paid_at=_when(payment.get("created_at")),
        link_id=_text((link or {}).get("id")),
        link_pk=_int_or_none(notes.get("wasl_link", "")),
        store_pk=_int_or_none(notes.get("wasl_store", "")),
        order_external_id=notes.get("wasl_order", ""),
        provider_order_id=_text(payment.get("order_id")),
    )


def _refund(refund: dict[str, Any]) -> RefundChanged:
    amount, currency = _amount(refund)
    return RefundChanged(
        provider=NAME,
        refund_id=_text(refund.get("id")),
        payment_id=_text(refund.get("payment_id")),
        status=REFUND_STATUS.get(_text(refund.get("status")), "processing"),
        amount=amount,
        currency=currency,
        idempotency_key=_notes(refund).get("wasl_key", ""),
    )


def _event(event_type: str, payload: dict[str, Any]) -> PaymentEvent:
    payment, link, refund = (_entity(payload, name) for name in ("payment", "payment_link", "refund"))
    if event_type in ("payment_link.paid", "payment.captured"):
        if payment is None or not payment.get("id"):
            raise AdapterError("invalid_payload", f"{event_type} without payload.payment.entity")
        return _paid(payment, link)
    if event_type in ("refund.processed", "refund.failed"):
        if refund is None or not refund.get("id"):
            raise AdapterError("invalid_payload", f"{event_type} without payload.refund.entity")
        return _refund(refund)
    if event_type in ("payment_link.cancelled", "payment_link.expired") and link and link.get("id"):
        return LinkChanged(provider=NAME, link_id=_text(link["id"]), status=event_type.split(".")[1])
    return Ignored(event_type, "not an event Wasl acts on")


def parse(body: bytes, event_id: str = "") -> ParsedWebhook:
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AdapterError("invalid_json", f"the body is not JSON: {exc}") from None
    if not isinstance(event, dict) or event.get("entity") != "event":
        raise AdapterError("invalid_payload", "a Razorpay webhook body is an event entity")
    event_type, payload = _text(event.get("event")), event.get("payload")
    if not event_type or not isinstance(payload, dict):
        raise AdapterError("invalid_payload", "the event has no name or no payload")
    return ParsedWebhook(event_id=event_id, event_type=event_type, events=(_event(event_type, payload),))
