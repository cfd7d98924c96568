"""When an order arrives: its abandoned checkouts stop their sequence, and the order is credited to the last
campaign or recovery message the buyer got before it, within the store's attribution window (last touch).

`order_arrived` is called by the orders service inside the transaction that creates the order, so the
sequence stops in the same commit that stores the order: a step due a moment later finds the checkout
closed, and a reminder waiting for the end of the quiet hours is withdrawn.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from wasl.campaigns.checkouts import checkout_close
from wasl.campaigns.models import Attribution, Checkout, CheckoutStatus, Touch, TouchKind
from wasl.campaigns.store_settings import MAX_WINDOW_H, settings_for
from wasl.messaging.models import MessageStatus
from wasl.orders.models import Order
from wasl.stores.models import Store

DELIVERED_STATUSES = (MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)


def order_arrived(*, store: Store, order: Order, tokens: tuple[str, ...] = ()) -> None:
    """Close the buyer's open checkouts and attribute the order; a few indexed reads, nothing for history."""
    if order.placed_at < timezone.now() - timedelta(hours=MAX_WINDOW_H):
        return  # older than any store's window: an import of history costs no query here
    window = timedelta(hours=settings_for(store=store).attribution_window_h)
    if order.placed_at < timezone.now() - window:
        return  # an import of old orders: no message of ours can have led to it
    customer = order.customer
    phone = customer.phone if customer is not None else ""
    email = customer.email if customer is not None else ""
    match = Q(pk__in=[])
    wanted = [t for t in tokens if t]
    if wanted:
        match |= Q(token__in=wanted) | Q(cart_token__in=wanted) | Q(external_id__in=wanted)
    if phone:
        match |= Q(phone=phone)
    if email:
        match |= Q(email=email)
    if customer is not None:
        match |= Q(customer=customer)
    for checkout in Checkout.objects.select_for_update().filter(
        match, store=store, status=CheckoutStatus.OPEN
    ):
        checkout_close(checkout=checkout, order=order, at=order.placed_at)
    if phone:
        _attribute(store, order, phone, window)


def _attribute(store: Store, order: Order, phone: str, window: timedelta) -> None:
    touch = (
        Touch.objects.filter(
            store=store,
            phone=phone,
            kind__in=[TouchKind.CAMPAIGN, TouchKind.CART_RECOVERY],
            created_at__lte=order.placed_at,
            created_at__gte=order.placed_at - window,
        )
        .filter(Q(holdout=True) | Q(message__status__in=DELIVERED_STATUSES))
        .order_by("-created_at", "-pk")
        .first()
    )
    if touch is None:
        return
    Attribution.objects.bulk_create(
        [
            Attribution(
                store=store,
                order=order,
                touch=touch,
                holdout=touch.holdout,
                revenue=order.total,
                currency=order.currency,
                placed_at=order.placed_at,
            )
        ],
        ignore_conflicts=True,
    )
