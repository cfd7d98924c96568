"""Reads for checkouts and touches, always within one store."""

from __future__ import annotations

from django.db.models import QuerySet

from wasl.campaigns.models import Checkout, Touch
from wasl.core.errors import NotFound
from wasl.stores.models import Store


def checkout_list(*, store: Store, status: str = "") -> QuerySet[Checkout]:
    checkouts = Checkout.objects.filter(store=store)
    if status:
        checkouts = checkouts.filter(status=status)
    return checkouts.select_related("order").order_by("-pk")


def checkout_get(*, store: Store, source: str, external_id: str) -> Checkout:
    checkout = Checkout.objects.filter(store=store, source=source, external_id=external_id).first()
    if checkout is None:
        raise NotFound(f"no {source} checkout {external_id!r} in this store", code="checkout_not_found")
    return checkout


def touches_of_checkout(*, checkout: Checkout) -> QuerySet[Touch]:
    return Touch.objects.filter(checkout=checkout).select_related("message").order_by("step")
