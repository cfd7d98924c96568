"""Salla orders read into OrderData, from fixtures in the shape of Salla's documented order webhooks."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from wasl.channels.payload import load_json_object
from wasl.channels.salla.mapper import international_mobile, map_order, money
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData
from wasl.shipping.types import AdapterError

FIXTURES = Path(__file__).parent / "fixtures"
RIYADH = ZoneInfo("Asia/Riyadh")


def _created() -> dict[str, Any]:
    data: dict[str, Any] = load_json_object((FIXTURES / "order_created_cod.json").read_bytes())["data"]
    return data


def test_given_a_cod_order_created_when_mapped_then_every_field_is_exact() -> None:
    order = map_order(_created())

    assert order == OrderData(
        channel="salla",
        external_id="1839204715",
        number="73120458",
        placed_at=datetime(2024, 3, 12, 21, 14, 5, tzinfo=RIYADH),
        source_updated_at=datetime(2024, 3, 12, 21, 14, 7, tzinfo=RIYADH),
        currency="SAR",
        total=Decimal("247.25"),
        subtotal=Decimal("200.00"),
        shipping_total=Decimal("35.00"),  # 25 shipping + 10 cash-on-delivery fee
        discount_total=Decimal("20.00"),
        tax_total=Decimal("32.25"),
        payment_method="cod",
        cancelled=False,
        customer=CustomerData(
            name="نورة العتيبي", phone="+966551234567", email="noura@example.sa", external_id="602918374"
        ),
        shipping_address=AddressData(
            name="نورة العتيبي",
            line1="شارع الأمير سلطان",
            line2="الملقا",
            city="الرياض",
            postal_code="13521",
            country="SA",
            phone="966551234567",
            latitude=Decimal("24.8031"),
            longitude=Decimal("46.6127"),
        ),
        lines=(
            LineData(
                sku="ABY-BLK-M",
                name="عباية سوداء مطرزة",
                quantity=2,
                unit_price=Decimal("70.00"),
                product_external_id="1102938475",
                image_url="https://cdn.salla.sa/example/abaya-black.jpg",
            ),
            LineData(
                sku="OUD-12",
                name="دهن العود 12 مل",
                quantity=1,
                unit_price=Decimal("60.00"),
                product_external_id="1102938476",
                image_url="https://cdn.salla.sa/example/oud-12.jpg",
            ),
        ),
    )


def test_given_the_order_inside_a_status_update_when_mapped_then_its_own_shape_is_read() -> None:
    raw = load_json_object((FIXTURES / "order_status_updated.json").read_bytes())["data"]["order"]

    order = map_order(raw)

    assert (order.external_id, order.number, order.total, order.shipping_total, order.cancelled) == (
        "1839204716",
        "73120459",
        Decimal("145.00"),
        Decimal("25.00"),
        True,
    )
    assert order.customer == CustomerData(name="فهد القحطاني", phone="+966509876543", external_id="602918375")
    # No pin dropped: Salla's 0, 0 is no location.
    assert (order.shipping_address.latitude, order.shipping_address.longitude) == (None, None)
    assert order.lines == (
        LineData(
            sku="",
            name="شماغ أحمر",
            quantity=1,
            unit_price=Decimal("120.00"),
            product_external_id="1102938477",
        ),
    )


def test_given_plain_numbers_instead_of_money_objects_when_mapped_then_they_are_read() -> None:
    raw = _created()
    raw["amounts"] = {
        "sub_total": 200,
        "shipping_cost": "25",
        "tax": 32.25,
        "discounts": 20,
        "total": "247.25",
    }

    order = map_order(raw)

    assert (order.subtotal, order.shipping_total, order.tax_total, order.discount_total, order.total) == (
        Decimal("200.00"),
        Decimal("25.00"),
        Decimal("32.25"),
        Decimal("20.00"),
        Decimal("247.25"),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"amount": 100, "currency": "SAR"}, Decimal("100.00")),
        ({"percent": "15.00", "amount": {"amount": 32.25, "currency": "SAR"}}, Decimal("32.25")),
        (Decimal("12.5"), Decimal("12.50")),
        ("7", Decimal("7.00")),
        (None, Decimal("0.00")),
    ],
)
def test_money_reads_every_shape_salla_sends(value: Any, expected: Decimal) -> None:
    assert money(value, "SAR", "x") == expected


def test_given_a_money_object_with_a_bad_amount_when_read_then_invalid_amount_names_the_path() -> None:
    with pytest.raises(AdapterError) as raised:
        money({"amount": "lots", "currency": "SAR"}, "SAR", "order.amounts.total")

    assert (raised.value.code, raised.value.message) == (
        "invalid_amount",
        "order.amounts.total.amount 'lots' is not an amount",
    )


@pytest.mark.parametrize(
    ("mobile", "code", "expected"),
    [
        (551234567, "+966", "+966551234567"),
        ("0551234567", "966", "+966551234567"),  # the trunk 0 goes once a country code is in front
        ("+966551234567", "+966", "+966551234567"),
        ("00966551234567", "", "00966551234567"),
        ("551234567", None, "551234567"),
        (None, "+966", ""),
    ],
)
def test_the_customer_mobile_is_assembled_with_its_country_code(
    mobile: Any, code: Any, expected: str
) -> None:
    assert international_mobile(mobile, code) == expected


def test_given_a_prepaid_method_when_mapped_then_the_order_is_prepaid() -> None:
    raw = _created()
    raw["payment_method"] = "mada"

    assert map_order(raw).payment_method == "prepaid"


def test_given_an_order_picked_up_in_a_branch_when_mapped_then_the_customer_city_is_kept() -> None:
    raw = _created()
    raw["shipping"] = []

    assert map_order(raw).shipping_address == AddressData(city="الرياض", country="SA")


def test_given_tags_as_objects_or_strings_when_mapped_then_their_names_are_kept() -> None:
    raw = _created()
    raw["tags"] = [{"id": 1, "name": "VIP"}, "عميل جديد", ""]

    assert map_order(raw).tags == ("VIP", "عميل جديد")


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"id": None}, "missing_field", "order.id is missing"),
        ({"date": None}, "missing_field", "order.date is missing"),
        ({"currency": None, "amounts": {"total": 5}}, "missing_field", "order.currency is missing"),
        ({"amounts": {"sub_total": 5}}, "missing_field", "order.amounts.total is missing"),
    ],
)
def test_given_a_broken_order_when_mapped_then_adapter_error_names_the_field(
    change: dict[str, Any], code: str, message: str
) -> None:
    raw = _created()
    raw.update(change)

    with pytest.raises(AdapterError) as raised:
        map_order(raw)

    assert (raised.value.code, raised.value.message) == (code, message)
