"""Stripe's webhooks: the signature checked by the library itself, the events we act on read into our types.

`checkout.session.completed` (and `checkout.session.async_payment_succeeded`) with `payment_status` "paid" and
`payment_intent.succeeded` both say a buyer paid; whichever comes first records the payment and the other finds
it recorded. `charge.refunded` and `refund.updated`/`refund.created`/`refund.failed` move our refunds on.
`payment_link.updated` with `active` false says the link was switched off. Everything else is ignored.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import stripe

from wasl.payments.amounts import from_minor
from wasl.payments.events import (
    Ignored,
    LinkChanged,
    Paid,
    ParsedWebhook,
    PaymentEvent,
    PaymentRefunded,
    RefundChanged,
)
from wasl.payments.providers.stripe import _REFUND_STATUS
from wasl.shipping.types import AdapterError

SIGNATURE_HEADER = "stripe-signature"
TOLERANCE_S = stripe.Webhook.DEFAULT_TOLERANCE
NAME = "stripe"


def verify(body: bytes, header: str, secret: str, *, tolerance: int | None = TOLERANCE_S) -> bool:
    """`Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">`; None as tolerance skips the age check."""
    if not header or not secret:
        return False
    try:
        stripe.Webhook.construct_event(body, header, secret, tolerance=tolerance or 0)  # type: ignore[arg-type]
    except (stripe.SignatureVerificationError, ValueError, TypeError):  # UnicodeDecodeError is a ValueError
        return False
    return True


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AdapterError("invalid_amount", f"an amount must be an integer, not {value!r}")
    return value


def _currency(obj: dict[str, Any]) -> str:
    currency = _text(obj.get("currency")).upper()
    if len(currency) != 3:
        raise AdapterError("invalid_currency", f"{obj.get('currency')!r} is not a currency")
    return currency


def _when(value: Any) -> datetime:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 32503680000:
        return datetime.fromtimestamp(value, tz=UTC)
    return datetime.now(tz=UTC)


def _metadata(obj: dict[str, Any]) -> dict[str, str]:
    metadata = obj.get("metadata")
    return {str(k): str(v) for k, v in metadata.items()} if isinstance(metadata, dict) else {}


def _int_or_none(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 18 else None


def _paid(obj: dict[str, Any], payment_id: str, minor: int, created: Any) -> Paid:
    metadata = _metadata(obj)
    currency = _currency(obj)
    return Paid(
        provider=NAME,
        payment_id=payment_id,
        amount=from_minor(minor, currency, provider=NAME),
        currency=currency,
        paid_at=_when(created),
        link_id=_text(obj.get("payment_link")),
        link_pk=_int_or_none(metadata.get("wasl_link", "")),
        store_pk=_int_or_none(metadata.get("wasl_store", "")),
        order_external_id=metadata.get("wasl_order", ""),
    )


def _session(event_type: str, obj: dict[str, Any], created: Any) -> PaymentEvent:
    if obj.get("payment_status") != "paid":
        return Ignored(event_type, f"payment_status is {obj.get('payment_status')!r}, not paid")
    payment_id = _text(obj.get("payment_intent"))
    if not payment_id:
        return Ignored(event_type, "the session has no payment_intent")
    return _paid(obj, payment_id, _int(obj.get("amount_total")), created)


def _refund(obj: dict[str, Any]) -> RefundChanged:
    currency = _currency(obj)
    return RefundChanged(
        provider=NAME,
        refund_id=_text(obj.get("id")),
        payment_id=_text(obj.get("payment_intent")),
        status=_REFUND_STATUS.get(_text(obj.get("status")), "processing"),
        amount=from_minor(_int(obj.get("amount")), currency, provider=NAME),
        currency=currency,
        idempotency_key=_metadata(obj).get("wasl_key", ""),
    )


def _charge_refunded(obj: dict[str, Any]) -> PaymentEvent:
    payment_id = _text(obj.get("payment_intent"))
    if not payment_id:
        return Ignored("charge.refunded", "the charge has no payment_intent")
    listed = obj.get("refunds")
    # Newer API versions leave the list out of charges unless expanded; the total is always there.
    items = listed.get("data") if isinstance(listed, dict) else None
    refunds = tuple(_refund(item) for item in items or [] if isinstance(item, dict) and item.get("id"))
    currency = _currency(obj)
    return PaymentRefunded(
        provider=NAME,
        payment_id=payment_id,
        amount_refunded=from_minor(_int(obj.get("amount_refunded")), currency, provider=NAME),
        currency=currency,
        refunds=refunds,
    )


def _event(event_type: str, obj: dict[str, Any], created: Any) -> PaymentEvent:
    if event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        return _session(event_type, obj, created)
    if event_type == "payment_intent.succeeded":
        return _paid(obj, _text(obj.get("id")), _int(obj.get("amount_received")), created)
    if event_type == "charge.refunded":
        return _charge_refunded(obj)
    if event_type in ("refund.created", "refund.updated", "refund.failed", "charge.refund.updated"):
        return _refund(obj)
    if event_type == "payment_link.updated" and obj.get("active") is False:
        return LinkChanged(provider=NAME, link_id=_text(obj.get("id")), status="cancelled")
    return Ignored(event_type, "not an event Wasl acts on")


def parse(body: bytes) -> ParsedWebhook:
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AdapterError("invalid_json", f"the body is not JSON: {exc}") from None
    if not isinstance(event, dict) or event.get("object") != "event":
        raise AdapterError("invalid_payload", "a Stripe webhook body is an event object")
    event_type, data = _text(event.get("type")), event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not event_type or not isinstance(obj, dict):
        raise AdapterError("invalid_payload", "the event has no type or no data.object")
    return ParsedWebhook(
        event_id=_text(event.get("id")),
        event_type=event_type,
        events=(_event(event_type, obj, event.get("created")),),
    )
