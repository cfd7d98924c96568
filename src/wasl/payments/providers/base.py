"""What Wasl asks of a payment provider, in our own types: the services never see a provider's SDK."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from wasl.core.errors import WaslError


class ProviderError(WaslError):
    """The provider did not do what was asked. `transient`: the same request may well succeed later."""

    status = 502
    code = "provider_error"

    def __init__(
        self, message: str, *, code: str | None = None, transient: bool, http_status: int = 0
    ) -> None:
        super().__init__(message, code=code)
        self.transient = transient
        self.http_status = http_status
        if not transient:
            self.status = 422


@dataclass(frozen=True)
class LinkRequest:
    store_id: int
    order_id: int
    order_external_id: str
    title: str
    amount: Decimal
    currency: str
    # Stable across retries: Stripe's idempotency key; Razorpay's reference_id is `reference`.
    idempotency_key: str
    reference: str
    link_id: int
    customer_name: str = ""
    customer_phone: str = ""
    customer_email: str = ""
    notify: bool = False
    callback_url: str = ""


@dataclass(frozen=True)
class ProviderLink:
    id: str
    url: str
    status: str  # one of LinkStatus' values
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class RefundRequest:
    store_id: int
    refund_id: int
    payment_id: str  # the provider's id of the payment being refunded
    amount: Decimal
    currency: str
    idempotency_key: str
    reason: str = ""


@dataclass(frozen=True)
class ProviderRefund:
    id: str
    status: str  # one of RefundStatus' values: processing, succeeded or failed
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


class PaymentProvider(Protocol):
    name: str
    makes_links: bool

    def link_create(self, request: LinkRequest) -> ProviderLink:
        """Create a link, or give back the one an earlier attempt with the same request made."""
        ...

    def link_cancel(self, link_id: str) -> ProviderLink: ...

    def link_fetch(self, link_id: str) -> ProviderLink: ...

    def refund(self, request: RefundRequest) -> ProviderRefund:
        """Refund once per `request.idempotency_key`, however many times it is called."""
        ...

    def refund_find(self, request: RefundRequest) -> ProviderRefund | None:
        """The refund an earlier attempt of this request made, if the provider has it (to reconcile)."""
        ...
