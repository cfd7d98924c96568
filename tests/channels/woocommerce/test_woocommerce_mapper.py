"""WooCommerce orders read into OrderData, checked field by field against the REST docs' examples."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from wasl.channels.woocommerce.mapper import map_order
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData
from wasl.shipping.types import AdapterError

JOHN_ADDRESS = AddressData(
    name="John Doe",
    line1="969 Market",
    line2="",
    city="San Francisco",
    region="CA",
    postal_code="94103",
    country="US",
    phone="(555) 555-5555",
)
JOHN = CustomerData(name="John Doe", phone="(555) 555-5555", email="john.doe@example.com")
SHIP_YOUR_IDEA = "Ship Your Idea – Color: Black, Size: M Test"  # sent as "&ndash;"


def _load(realdata: Path, name: str) -> Any:
    return json.loads((realdata / "woocommerce" / name).read_bytes(), parse_float=Decimal)


def _retrieved(realdata: Path) -> dict[str, Any]:
    order: dict[str, Any] = _load(realdata, "wc_v3_retrieve_order_response.json")
    return order


def test_given_the_documented_order_when_mapped_then_every_field_is_exact(realdata: Path) -> None:
    order = map_order(_retrieved(realdata))

    assert order == OrderData(
        channel="woocommerce",
        external_id="727",
        number="727",
        placed_at=datetime(2017, 3, 22, 19, 28, 2, tzinfo=UTC),
        source_updated_at=datetime(2017, 3, 22, 19, 28, 8, tzinfo=UTC),
        currency="USD",
        total=Decimal("29.35"),
        subtotal=Decimal("18.00"),
        shipping_total=Decimal("10.00"),
        discount_total=Decimal("0.00"),
        tax_total=Decimal("1.35"),
        payment_method="prepaid",
        cancelled=False,
        customer=JOHN,
        shipping_address=JOHN_ADDRESS,
        lines=(
            LineData(
                sku="",
                name="Woo Single #1",
                quantity=2,
                unit_price=Decimal("3.00"),
                product_external_id="93",
            ),
            LineData(
                sku="Bar3",
                name=SHIP_YOUR_IDEA,
                quantity=1,
                unit_price=Decimal("12.00"),
                product_external_id="22",
                variant_external_id="23",
            ),
        ),
    )


def test_given_the_completed_order_of_a_registered_customer_when_mapped_then_customer_and_totals_are_exact(
    realdata: Path,
) -> None:
    order = map_order(_load(realdata, "wc_v3_list_orders_response.json")[1])

    assert (order.external_id, order.total, order.subtotal, order.shipping_total, order.tax_total) == (
        "723",
        Decimal("39.00"),
        Decimal("29.00"),
        Decimal("10.00"),
        Decimal("0.00"),
    )
    assert order.placed_at == datetime(2017, 3, 21, 19, 16, 0, tzinfo=UTC)
    assert order.customer == CustomerData(
        name="João Silva", phone="(11) 1111-1111", email="joao.silva@example.com", external_id="26"
    )
    assert order.shipping_address == AddressData(
        name="João Silva",
        line1="Av. Brasil, 432",
        city="Rio de Janeiro",
        region="RJ",
        postal_code="12345-000",
        country="BR",
        phone="(11) 1111-1111",
    )


def test_given_the_batch_response_when_each_order_is_mapped_then_ids_and_totals_match(realdata: Path) -> None:
    batch = _load(realdata, "wc_v3_batch_orders_response.json")
    orders = [map_order(raw) for raw in batch["create"] + batch["update"] + batch["delete"]]

    assert [(o.external_id, o.total, o.subtotal, o.shipping_total, len(o.lines)) for o in orders] == [
        ("728", Decimal("62.25"), Decimal("30.00"), Decimal("30.00"), 3),
        ("729", Decimal("54.40"), Decimal("32.00"), Decimal("20.00"), 2),
        ("727", Decimal("29.35"), Decimal("18.00"), Decimal("10.00"), 2),
        ("723", Decimal("39.00"), Decimal("29.00"), Decimal("10.00"), 2),
    ]


def test_given_the_core_cod_gateway_when_mapped_then_the_order_is_cod(realdata: Path) -> None:
    raw = _retrieved(realdata)
    raw["payment_method"], raw["payment_method_title"] = "cod", "Cash on delivery"

    assert map_order(raw).payment_method == "cod"


def test_given_a_cancelled_order_when_mapped_then_it_is_cancelled(realdata: Path) -> None:
    raw = _retrieved(realdata)
    raw["status"] = "cancelled"

    assert map_order(raw).cancelled is True


def test_given_a_store_that_only_asks_for_billing_when_mapped_then_the_billing_address_is_the_delivery_one(
    realdata: Path,
) -> None:
    raw = _retrieved(realdata)
    raw["shipping"] = {key: "" for key in raw["shipping"]}

    assert map_order(raw).shipping_address == JOHN_ADDRESS


def test_given_no_gmt_date_when_mapped_then_the_local_date_is_read_as_utc(realdata: Path) -> None:
    raw = _retrieved(realdata)
    del raw["date_created_gmt"]

    assert map_order(raw).placed_at == datetime(2017, 3, 22, 16, 28, 2, tzinfo=UTC)


def test_given_an_order_without_lines_when_mapped_then_it_has_no_subtotal(realdata: Path) -> None:
    raw = _retrieved(realdata)
    raw["line_items"] = []

    assert (map_order(raw).subtotal, map_order(raw).lines) == (None, ())


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"id": None}, "missing_field", "order.id is missing"),
        ({"total": ""}, "missing_field", "order.total is missing"),
        ({"total": "29,35 $"}, "invalid_amount", "order.total '29,35 $' is not an amount"),
        (
            {"date_created_gmt": "yesterday"},
            "invalid_date",
            "order.date_created_gmt 'yesterday' is not an ISO 8601 time",
        ),
        ({"currency": "US$"}, "invalid_currency", "order.currency 'US$' is not an ISO 4217 currency"),
    ],
)
def test_given_a_broken_order_when_mapped_then_adapter_error_names_the_field(
    realdata: Path, change: dict[str, Any], code: str, message: str
) -> None:
    raw = _retrieved(realdata)
    raw.update(change)

    with pytest.raises(AdapterError) as raised:
        map_order(raw)

    assert (raised.value.code, raised.value.message) == (code, message)
