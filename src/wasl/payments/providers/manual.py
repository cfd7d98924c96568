"""Refunds paid by staff (a bank transfer or a wallet top-up to details the buyer gives): cash on delivery.

Nothing is sent anywhere: a manual refund waits in `processing` until staff record the transfer
(`refunds.refund_manual_complete`). A payment link is not something a person can make, so it is refused.
"""

from __future__ import annotations

from wasl.core.errors import Invalid
from wasl.payments.providers.base import LinkRequest, ProviderLink, ProviderRefund, RefundRequest


class ManualProvider:
    name = "manual"
    makes_links = False

    def link_create(self, request: LinkRequest) -> ProviderLink:
        raise Invalid(
            "a payment link needs an online provider (stripe or razorpay), not manual",
            code="link_not_possible",
        )

    def link_cancel(self, link_id: str) -> ProviderLink:
        raise Invalid("manual payments have no links", code="link_not_possible")

    def link_fetch(self, link_id: str) -> ProviderLink:
        raise Invalid("manual payments have no links", code="link_not_possible")

    def refund(self, request: RefundRequest) -> ProviderRefund:
        return ProviderRefund(id="", status="processing")

    def refund_find(self, request: RefundRequest) -> ProviderRefund | None:
        return None
