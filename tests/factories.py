"""Small builders for order payloads used across tests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from wasl.orders.types import AddressData, CustomerData, LineData, OrderData

PLACED = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)


def order_data(external_id: str = "1001", **overrides: Any) -> OrderData:
    values: dict[str, Any] = {
        "channel": "api",
        "external_id": external_id,
        "number": f"#{external_id}",
        "placed_at": PLACED,
        "currency": "SAR",
        "total": Decimal("249.50"),
        "payment_method": "cod",
        "customer": CustomerData(name="سارة العتيبي", phone="0501234567", email="Sara@Example.com"),
        "shipping_address": AddressData(
            name="سارة العتيبي", line1="12 شارع الملك فهد", city="Riyadh", postal_code="12211", country="SA"
        ),
        "lines": (LineData(sku="TSHIRT-M", name="T-shirt M", quantity=2, unit_price=Decimal("124.75")),),
    }
    values.update(overrides)
    return OrderData(**values)


def order_json(external_id: str = "1001", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "external_id": external_id,
        "placed_at": "2026-05-04T13:30:00+03:00",
        "currency": "SAR",
        "total": "249.50",
        "payment_method": "cod",
        "customer": {"name": "Sara", "phone": "+966501234567"},
        "shipping_address": {
            "line1": "12 King Fahd Rd",
            "city": "Riyadh",
            "postal_code": "12211",
            "country": "SA",
        },
        "lines": [{"sku": "TSHIRT-M", "name": "T-shirt M", "quantity": 2, "unit_price": "124.75"}],
    }
    body.update(overrides)
    return body
