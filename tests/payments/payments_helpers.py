"""Helpers for the payments tests (this folder is put on sys.path by its conftest)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from factories import order_data
from wasl.orders.models import Order
from wasl.orders.services import order_upsert
from wasl.stores.models import Store

STRIPE_SETTINGS = {"stripe.secret_key": "sk_test_wasl", "stripe.webhook_secret": "whsec_wasl_test"}
RAZORPAY_SETTINGS = {
    "razorpay.key_id": "rzp_test_wasl",
    "razorpay.key_secret": "rzp_secret",
    "razorpay.webhook_secret": "rzp_whsec",
}


def make_order(store: Store, external_id: str = "1001", **overrides: Any) -> Order:
    return order_upsert(store=store, data=order_data(external_id, **overrides)).order


def inr_order(store: Store, external_id: str = "2001", total: str = "499.50") -> Order:
    return make_order(store, external_id, currency="INR", total=Decimal(total))


def apply_outbox(store: Store, stand_in: Any) -> list[dict[str, Any]]:
    """What the stand-in would post, applied as the webhook task would (signatures are tested elsewhere)."""
    from wasl.payments.webhooks import PaymentSource

    with stand_in._lock:
        pending, stand_in.outbox = list(stand_in.outbox), []
    source = PaymentSource(stand_in.name)
    return [source.apply(store=store, body=event.body, headers={}) for event in pending]


def paid_order(store: Store, stand_in: Any, external_id: str = "1001", **overrides: Any) -> Order:
    """An order paid through a link of the stand-in's provider, its payment recorded."""
    from wasl.payments.services import payment_link_create

    if stand_in.name == "razorpay":
        overrides.setdefault("currency", "INR")
        overrides.setdefault("total", Decimal("499.50"))
    order = make_order(store, external_id, **overrides)
    link = payment_link_create(order=order, provider=stand_in.name)
    stand_in.pay(link.provider_id)
    apply_outbox(store, stand_in)
    order.refresh_from_db()
    return order
