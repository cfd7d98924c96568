"""Real order payloads (Shopify's and WooCommerce's published samples), mapped by their adapters, then scored.

The samples are made-up shops: their 555 phone numbers, the "(11) 1111-1111" phone and the "12345-000" postal
code are exactly what the scorers must catch.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wasl.channels.shopify.mapper import map_order as map_shopify
from wasl.channels.woocommerce.mapper import map_order as map_woocommerce
from wasl.orders.types import OrderData
from wasl.risk.quality import QualityScore, address_quality, phone_quality


def codes(result: QualityScore) -> list[str]:
    return [reason.code for reason in result.reasons]


def _orders(realdata: Path) -> dict[str, OrderData]:
    shopify = realdata / "shopify"
    woocommerce = realdata / "woocommerce"
    found = {
        "shopify order": map_shopify(
            json.loads((shopify / "shopify_python_api_order.json").read_text())["order"]
        )
    }
    for order in json.loads((shopify / "shopify_python_api_orders.json").read_text())["orders"]:
        found[f"shopify orders {order['id']}"] = map_shopify(order)
    for order in json.loads((woocommerce / "wc_v3_list_orders_response.json").read_text()):
        found[f"woocommerce list {order['id']}"] = map_woocommerce(order)
    return found


def _address(order: OrderData) -> QualityScore:
    a = order.shipping_address
    return address_quality(
        line1=a.line1,
        line2=a.line2,
        city=a.city,
        region=a.region,
        postal_code=a.postal_code,
        country=a.country,
    )


def _phone(order: OrderData) -> QualityScore:
    return phone_quality(
        phone=order.customer.phone or order.shipping_address.phone, country=order.shipping_address.country
    )


@pytest.mark.parametrize(
    ("key", "address_codes", "address_score", "phone_codes", "phone_score"),
    [
        ("shopify order", ["no_district", "no_landmark"], 0.85, ["invalid_phone"], 0.3),
        (
            "shopify orders 450789469",
            ["no_district", "no_landmark"],
            0.85,
            ["not_mobile", "foreign_phone"],
            0.55,
        ),
        (
            "woocommerce list 727",
            ["no_street", "no_landmark"],
            0.8,
            ["invalid_phone", "placeholder_phone"],
            0.0,
        ),
        (
            "woocommerce list 723",
            ["placeholder_postal_code", "no_district", "no_landmark"],
            0.65,
            ["invalid_phone", "placeholder_phone"],
            0.0,
        ),
    ],
)
def test_real_payloads_score_as_expected(
    realdata: Path,
    key: str,
    address_codes: list[str],
    address_score: float,
    phone_codes: list[str],
    phone_score: float,
) -> None:
    order = _orders(realdata)[key]
    address, phone = _address(order), _phone(order)
    assert (codes(address), address.score) == (address_codes, address_score)
    assert (codes(phone), phone.score) == (phone_codes, phone_score)


def test_every_reason_on_real_payloads_reads_in_three_languages(realdata: Path) -> None:
    orders = _orders(realdata)
    assert len(orders) == 4
    for order in orders.values():
        for result in (_address(order), _phone(order)):
            for reason in result.reasons:
                texts = [reason.text(language) for language in ("en", "fr", "ar")]
                assert texts[0] == reason.message
                assert len(set(texts)) == 3
                assert not any("?" in text for text in texts)
