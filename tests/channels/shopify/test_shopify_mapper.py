"""Shopify orders read into OrderData, checked field by field against Shopify's own fixtures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from wasl.channels.payload import load_json_object
from wasl.channels.shopify.mapper import map_order
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData
from wasl.shipping.types import AdapterError

FIXTURES = Path(__file__).parent / "fixtures"
EASTERN = timezone(timedelta(hours=-5))
BOB_ADDRESS = AddressData(
    name="Bob Norman",
    line1="Chestnut Street 92",
    line2="",
    city="Louisville",
    region="Kentucky",
    postal_code="40202",
    country="US",
    phone="555-625-1199",
    latitude=Decimal("45.41634"),
    longitude=Decimal("-75.6868"),
)


def _realdata_order(realdata: Path, name: str) -> dict[str, Any]:
    document = load_json_object((realdata / "shopify" / name).read_bytes())
    return document["order"] if "order" in document else document["orders"][0]


def _ipod(sku: str, variant_id: str) -> LineData:
    return LineData(
        sku=sku,
        name="IPod Nano - 8gb",
        quantity=1,
        unit_price=Decimal("199.00"),
        product_external_id="632910392",
        variant_external_id=variant_id,
    )


def test_given_shopifys_order_fixture_when_mapped_then_every_field_is_exact(realdata: Path) -> None:
    order = map_order(_realdata_order(realdata, "shopify_python_api_order.json"))

    assert order == OrderData(
        channel="shopify",
        external_id="450789469",
        number="#1001",
        placed_at=datetime(2008, 1, 10, 11, 0, tzinfo=EASTERN),
        source_updated_at=datetime(2008, 1, 10, 11, 0, tzinfo=EASTERN),
        currency="USD",
        total=Decimal("409.94"),
        subtotal=Decimal("398.00"),
        shipping_total=Decimal("0.00"),
        discount_total=Decimal("0.00"),
        tax_total=Decimal("11.94"),
        payment_method="prepaid",
        cancelled=False,
        customer=CustomerData(
            name="Bob Norman", phone="555-625-1199", email="bob.norman@hostmail.com", external_id="207119551"
        ),
        shipping_address=BOB_ADDRESS,
        lines=(
            _ipod("IPOD2008GREEN", "39072856"),
            _ipod("IPOD2008RED", "49148385"),
            _ipod("IPOD2008BLACK", "457924702"),
        ),
        tags=(),
    )
    assert order.placed_at.utcoffset() == timedelta(hours=-5)


def test_given_the_orders_list_fixture_when_mapped_then_totals_and_contact_phone_come_from_it(
    realdata: Path,
) -> None:
    order = map_order(_realdata_order(realdata, "shopify_python_api_orders.json"))

    assert (order.total, order.subtotal, order.discount_total, order.tax_total, order.shipping_total) == (
        Decimal("598.94"),
        Decimal("597.00"),
        Decimal("10.00"),
        Decimal("11.94"),
        Decimal("0.00"),
    )
    # The checkout's contact phone wins over the account's and the address' phones.
    assert order.customer == CustomerData(
        name="Bob Norman", phone="+557734881234", email="bob.norman@hostmail.com", external_id="207119551"
    )
    assert order.shipping_address == BOB_ADDRESS  # latitude sent as a JSON number here, as a string above
    assert (order.payment_method, order.lines) == ("prepaid", ())


def test_given_a_cod_order_from_morocco_when_mapped_then_every_field_is_exact() -> None:
    order = map_order(load_json_object((FIXTURES / "orders_create_cod_morocco.json").read_bytes()))

    assert order == OrderData(
        channel="shopify",
        external_id="7361025493018234561",
        number="#1042",
        placed_at=datetime(2024, 5, 14, 21, 7, 31, tzinfo=timezone(timedelta(hours=1))),
        source_updated_at=datetime(2024, 5, 14, 21, 7, 33, tzinfo=timezone(timedelta(hours=1))),
        currency="MAD",
        total=Decimal("449.00"),
        subtotal=Decimal("419.00"),
        shipping_total=Decimal("30.00"),
        discount_total=Decimal("40.00"),
        tax_total=Decimal("0.00"),
        payment_method="cod",
        cancelled=False,
        customer=CustomerData(
            name="Salma Benali", phone="0661-234567", email="", language="fr", external_id="7203946518331"
        ),
        shipping_address=AddressData(
            name="Salma Benali",
            line1="Résidence Al Amal, Imm 4, Apt 12",
            line2="Bd Abdelmoumen",
            city="Casablanca",
            region="Casablanca-Settat",
            postal_code="20250",
            country="MA",
            phone="0661-234567",
            latitude=Decimal("33.5784166"),
            longitude=Decimal("-7.6311403"),
        ),
        lines=(
            LineData(
                sku="CAF-EME-M",
                name="Caftan brodé",
                quantity=1,
                unit_price=Decimal("299.00"),
                product_external_id="8911023456712",
                variant_external_id="46120009876543",
            ),
            LineData(
                sku="BAB-CUIR",
                name="Babouches cuir",
                quantity=2,
                unit_price=Decimal("80.00"),
                product_external_id="8911023456713",
                variant_external_id="",
            ),
        ),
        tags=("COD", "Casablanca", "whatsapp"),
    )


def test_given_an_id_beyond_double_precision_when_mapped_then_it_stays_exact() -> None:
    body = b'{"id": 820982911946154508, "created_at": "2021-12-31T19:00:00-05:00", "currency": "USD",'
    body += b' "total_price": "10.00"}'

    order = map_order(load_json_object(body))

    assert order.external_id == "820982911946154508"
    assert order.placed_at.astimezone(UTC) == datetime(2022, 1, 1, 0, 0, tzinfo=UTC)


def test_given_a_cancelled_order_when_mapped_then_it_is_cancelled() -> None:
    raw = load_json_object((FIXTURES / "orders_create_cod_morocco.json").read_bytes())
    raw["cancelled_at"] = "2024-05-15T09:00:00+01:00"

    assert map_order(raw).cancelled is True


def test_given_only_shipping_lines_when_mapped_then_their_prices_are_summed() -> None:
    raw = load_json_object((FIXTURES / "orders_create_cod_morocco.json").read_bytes())
    del raw["total_shipping_price_set"]
    raw["shipping_lines"].append({"title": "Express", "price": "15.50"})

    assert map_order(raw).shipping_total == Decimal("45.50")


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"id": None}, "missing_field", "order.id is missing"),
        ({"created_at": ""}, "missing_field", "order.created_at is missing"),
        (
            {"created_at": "2024-05-14 21:07"},
            "invalid_date",
            "order.created_at '2024-05-14 21:07' has no UTC offset",
        ),
        ({"currency": "DIRHAM"}, "invalid_currency", "order.currency 'DIRHAM' is not an ISO 4217 currency"),
        ({"total_price": "free"}, "invalid_amount", "order.total_price 'free' is not an amount"),
        ({"total_price": None}, "missing_field", "order.total_price is missing"),
    ],
)
def test_given_a_broken_order_when_mapped_then_adapter_error_names_the_field(
    change: dict[str, Any], code: str, message: str
) -> None:
    raw = load_json_object((FIXTURES / "orders_create_cod_morocco.json").read_bytes())
    raw.update(change)

    with pytest.raises(AdapterError) as raised:
        map_order(raw)

    assert (raised.value.code, raised.value.message) == (code, message)


def test_given_a_line_with_a_fractional_quantity_when_mapped_then_invalid_quantity_names_the_line() -> None:
    raw = load_json_object((FIXTURES / "orders_create_cod_morocco.json").read_bytes())
    raw["line_items"][1]["quantity"] = "1.5"

    with pytest.raises(AdapterError) as raised:
        map_order(raw)

    assert (raised.value.code, raised.value.message) == (
        "invalid_quantity",
        "order.line_items[1].quantity '1.5' is not a whole quantity from 0 to 1000000",
    )
