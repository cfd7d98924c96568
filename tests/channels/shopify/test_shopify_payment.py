"""Cash on delivery detection from the payment gateway names merchants choose."""

from __future__ import annotations

from typing import Any

import pytest

from wasl.channels.shopify.payment import payment_method


@pytest.mark.parametrize(
    "order",
    [
        {"payment_gateway_names": ["Cash on Delivery (COD)"]},
        {"payment_gateway_names": ["cash on delivery"]},
        {"payment_gateway_names": ["COD"]},
        {"payment_gateway_names": ["bogus", "Paiement à la livraison"]},
        {"payment_gateway_names": ["Paiement a la livraison"]},
        {"payment_gateway_names": ["الدفع عند الاستلام"]},
        {"gateway": "Cash on Delivery (COD)"},
        {"gateway": "manual", "financial_status": "pending"},
        {"payment_gateway_names": ["manual"], "financial_status": "pending"},
    ],
)
def test_given_a_cash_on_delivery_gateway_when_read_then_the_order_is_cod(order: dict[str, Any]) -> None:
    assert payment_method(order) == "cod"


@pytest.mark.parametrize(
    "order",
    [
        {"payment_gateway_names": ["shopify_payments"], "financial_status": "paid"},
        {"payment_gateway_names": ["Barcode pay"]},  # "cod" inside a word is not COD
        {"gateway": "manual", "financial_status": "paid"},  # a manual method already paid (bank transfer)
        {"gateway": "authorize_net", "financial_status": "authorized"},
        {},
    ],
)
def test_given_any_other_gateway_when_read_then_the_order_is_prepaid(order: dict[str, Any]) -> None:
    assert payment_method(order) == "prepaid"
