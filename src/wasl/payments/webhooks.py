"""Inbound webhooks of the payment providers, as a source of the webhooks app.

`/webhooks/stripe/<store>/` is checked against `Stripe-Signature` with the store's `stripe.webhook_secret`,
`/webhooks/razorpay/<store>/` against `X-Razorpay-Signature` with `razorpay.webhook_secret`, both on the raw
body and before anything is stored. The body is kept raw and applied by a task (`apply`), which is safe to run
twice: payments are recorded once per provider payment id, refunds move only forward.
"""

from __future__ import annotations

from typing import Any

from wasl.payments.events import Ignored, LinkChanged, Paid, ParsedWebhook, PaymentRefunded, RefundChanged
from wasl.payments.providers import razorpay_webhook, stripe_webhook
from wasl.stores.models import Store

SOURCES = ("stripe", "razorpay")


class PaymentSource:
    """What `webhooks.views` and `webhooks.services` need of a payment provider."""

    def __init__(self, name: str) -> None:
        self.name = name

    def verify(self, body: bytes, headers: dict[str, str], secret: str) -> bool:
        if self.name == "stripe":
            return stripe_webhook.verify(body, headers.get(stripe_webhook.SIGNATURE_HEADER, ""), secret)
        return razorpay_webhook.verify(body, headers.get(razorpay_webhook.SIGNATURE_HEADER, ""), secret)

    def parse(self, body: bytes, headers: dict[str, str]) -> ParsedWebhook:
        if self.name == "stripe":
            return stripe_webhook.parse(body)
        return razorpay_webhook.parse(body, headers.get(razorpay_webhook.EVENT_ID_HEADER, ""))

    def apply(self, *, store: Store, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
        parsed = self.parse(body, headers)
        results = [_apply_one(store, event) for event in parsed.events]
        return {"kind": "payment", "provider": self.name, "event": parsed.event_type, "results": results}


def _apply_one(store: Store, event: object) -> dict[str, Any]:
    from wasl.payments.refund_updates import payment_refunded, refund_provider_update
    from wasl.payments.services import payment_link_closed, payment_record

    if isinstance(event, Paid):
        recorded = payment_record(store=store, paid=event)
        if recorded.payment is None:
            return {"paid": "ignored", "reason": recorded.note}
        return {"paid": "recorded" if recorded.created else "duplicate", "payment": recorded.payment.pk}
    if isinstance(event, RefundChanged):
        return {"refund": refund_provider_update(store=store, change=event)}
    if isinstance(event, PaymentRefunded):
        return {"refunded": payment_refunded(store=store, change=event)}
    if isinstance(event, LinkChanged):
        return {"link": "closed" if payment_link_closed(store=store, change=event) else "unchanged"}
    assert isinstance(event, Ignored)
    return {"ignored": event.reason}
