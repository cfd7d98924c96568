"""Reads for payment links, payments and refunds, always within one store."""

from __future__ import annotations

from django.db.models import QuerySet

from wasl.core.errors import NotFound
from wasl.core.text import has_nul
from wasl.payments.models import Payment, PaymentLink, Refund
from wasl.stores.models import Store

LIST_LIMIT = 100
MAX_ID = 2**63 - 1


def payment_links_for(*, store: Store, order_external_id: str | None = None) -> QuerySet[PaymentLink]:
    """Newest first; the latest LIST_LIMIT when no order is named."""
    links = PaymentLink.objects.filter(store=store).select_related("order").order_by("-id")
    if order_external_id is not None and has_nul(order_external_id):
        return links.none()  # no such order; PostgreSQL would refuse to compare it
    if order_external_id is not None:
        return links.filter(order__external_id=order_external_id)
    return links[:LIST_LIMIT]


def payment_link_get(*, store: Store, link_id: int) -> PaymentLink:
    links = PaymentLink.objects.filter(store=store, pk=link_id).select_related("order", "store")
    link = links.first() if 0 < link_id <= MAX_ID else None
    if link is None:
        raise NotFound(f"no payment link {link_id} in this store", code="payment_link_not_found")
    return link


def payments_for(*, store: Store, order_external_id: str) -> QuerySet[Payment]:
    return Payment.objects.filter(store=store, order__external_id=order_external_id).order_by(
        "-paid_at", "-id"
    )


def refunds_for(*, store: Store, order_external_id: str | None = None) -> QuerySet[Refund]:
    refunds = Refund.objects.filter(store=store).select_related("order").order_by("-id")
    if order_external_id is not None and has_nul(order_external_id):
        return refunds.none()
    if order_external_id is not None:
        return refunds.filter(order__external_id=order_external_id)
    return refunds[:LIST_LIMIT]


def refund_get(*, store: Store, refund_id: int) -> Refund:
    refunds = Refund.objects.filter(store=store, pk=refund_id).select_related("order")
    refund = refunds.first() if 0 < refund_id <= MAX_ID else None
    if refund is None:
        raise NotFound(f"no refund {refund_id} in this store", code="refund_not_found")
    return refund
