"""What a provider's webhook means for us, whatever the provider: pure data, read by `payments.webhooks`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class Paid:
    """A buyer paid. `link_pk`/`order_external_id` come from the metadata we gave the provider, if any."""

    provider: str
    payment_id: str
    amount: Decimal
    currency: str
    paid_at: datetime
    link_id: str = ""  # the provider's id of the link that was paid
    link_pk: int | None = None
    store_pk: int | None = None
    order_external_id: str = ""
    provider_order_id: str = ""  # Razorpay: the order behind the link


@dataclass(frozen=True)
class RefundChanged:
    provider: str
    refund_id: str
    payment_id: str
    status: str  # RefundStatus: processing, succeeded or failed
    amount: Decimal
    currency: str
    idempotency_key: str = ""  # ours, when the refund was made by Wasl


@dataclass(frozen=True)
class PaymentRefunded:
    """Stripe's charge.refunded: how much of a payment is refunded in all, with the refunds it lists."""

    provider: str
    payment_id: str
    amount_refunded: Decimal
    currency: str
    refunds: tuple[RefundChanged, ...]


@dataclass(frozen=True)
class LinkChanged:
    provider: str
    link_id: str
    status: str  # LinkStatus: expired or cancelled


@dataclass(frozen=True)
class Ignored:
    event_type: str
    reason: str


PaymentEvent = Paid | RefundChanged | PaymentRefunded | LinkChanged | Ignored


@dataclass(frozen=True)
class ParsedWebhook:
    event_id: str
    event_type: str
    events: tuple[PaymentEvent, ...]
