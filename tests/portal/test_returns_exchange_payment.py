"""An exchange for a dearer product: once the replacement order exists, the buyer pays the difference by link."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from portal.returns_portal_helpers import delivered, messaging_ready, sign_in, url
from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.fakeproviders.stripe import StripeStandIn
from wasl.orders.models import Product, StockLevel, Variant
from wasl.payments.models import PaymentLink
from wasl.returns.models import ReturnRequest
from wasl.returns.resolve import return_resolve
from wasl.returns.services import ItemInspected, return_approve, return_inspect, return_receive
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe(store, settings) -> Iterator[StripeStandIn]:  # type: ignore[no-untyped-def]
    settings.WASL_PAYMENTS_TIMEOUT_S = 1.0
    stand_in = StripeStandIn(hang_s=3.0)
    running = serve_in_thread(stand_in)
    secret_set(store=store, key="stripe.secret_key", value="sk_test_wasl")
    secret_set(store=store, key="stripe.api_base", value=running.url)
    try:
        yield stand_in
    finally:
        stand_in.close()
        running.stop()


def _exchange_mug_for(client, store, sku: str, price: str):  # type: ignore[no-untyped-def]
    messaging_ready(store)
    order = delivered(store)  # with the catalogue of `returns_helpers`
    product = Product.objects.create(store=store, external_id=f"p-{sku}", name=sku.title(), category="home")
    variant = Variant.objects.create(store=store, product=product, sku=sku, price=Decimal(price))
    StockLevel.objects.create(store=store, variant=variant, location="main", quantity=2)
    client.get(url(store) + "?lang=en")
    sign_in(client, store, order)
    mug = order.lines.get(sku="MUG").pk
    client.post(url(store, "order"), {f"qty_{mug}": "1", f"reason_{mug}": "changed_mind", "next": "1"})
    done = client.post(
        url(store, "order", "options"),
        {"resolution": "exchange_product", "method": "dropoff", f"product_for_{mug}": sku},
    )
    ret = ReturnRequest.objects.get()
    return_approve(ret=ret)
    return_receive(ret=ret)
    item = ret.items.get()
    return_inspect(ret=ret, inspections=[ItemInspected(item.pk, "sellable", "restock", "main")])
    return ret, done["Location"]


def test_the_buyer_pays_a_dearer_replacement_s_difference_through_a_payment_link(
    client, store, stripe
) -> None:
    ret, page_url = _exchange_mug_for(client, store, "LAMP", "130.00")
    return_resolve(ret=ret, actor="staff")
    ret.refresh_from_db()
    assert ret.exchange_order is not None and ret.exchange_order.total == Decimal("80.500")

    page = client.get(page_url).content.decode()
    assert "Pay the difference online" in page
    paid = client.post(url(store, "return", ret.code, "pay") + "?" + page_url.split("?", 1)[1])
    again = client.post(url(store, "return", ret.code, "pay") + "?" + page_url.split("?", 1)[1])

    link = PaymentLink.objects.get()
    assert (link.order_id, link.purpose, link.amount) == (
        ret.exchange_order.pk,
        "exchange_difference",
        Decimal("80.50"),
    )
    assert paid.status_code == again.status_code == 302
    assert paid["Location"] == again["Location"] == link.url


def test_a_cheaper_replacement_s_difference_is_shown_as_refunded(client, store) -> None:
    _ret, page_url = _exchange_mug_for(client, store, "COASTER", "19.50")

    page = client.get(page_url).content.decode()

    assert 'We refund the difference: <bdi dir="ltr">30.00 SAR</bdi>.' in page
    assert "Pay the difference online" not in page
