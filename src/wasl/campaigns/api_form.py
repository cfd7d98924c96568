"""A checkout in Wasl's own JSON form: what `POST /api/v1/checkouts` takes, and what a WooCommerce store
(which has no abandoned-cart webhook of its own) posts, signed, from a small hook on its checkout page."""

from __future__ import annotations

from typing import Any

from wasl.campaigns.types import CheckoutData, CheckoutLine
from wasl.channels.payload import (
    amount,
    currency_code,
    iso_datetime,
    mapping,
    optional_iso_datetime,
    quantity,
    required,
    sequence,
    text,
)


def map_api_checkout(data: dict[str, Any], *, source: str) -> CheckoutData:
    """Raises AdapterError (code and message) for anything unreadable."""
    currency = currency_code(data.get("currency"), "checkout.currency")
    marketing = data.get("accepts_marketing")
    lines = tuple(
        CheckoutLine(
            name=text(line.get("name")),
            quantity=quantity(line.get("quantity"), f"checkout.lines[{i}].quantity") or 1,
            unit_price=amount(line.get("unit_price"), currency, f"checkout.lines[{i}].unit_price"),
            sku=text(line.get("sku")),
            product_external_id=text(line.get("product_id")),
            image_url=text(line.get("image_url")),
        )
        for i, line in enumerate(mapping(x) for x in sequence(data.get("lines")))
    )
    return CheckoutData(
        source=source,
        external_id=text(required(data, "id", "checkout")),
        token=text(data.get("token")),
        cart_token=text(data.get("cart_token")),
        currency=currency,
        total=amount(required(data, "total", "checkout"), currency, "checkout.total"),
        updated_at=iso_datetime(required(data, "updated_at", "checkout"), "checkout.updated_at"),
        name=text(data.get("name")),
        phone=text(data.get("phone")),
        email=text(data.get("email")),
        country=text(data.get("country")).upper()[:2],
        language=text(data.get("language")).lower()[:2],
        recovery_url=text(data.get("recovery_url")),
        lines=lines,
        completed_at=optional_iso_datetime(data.get("completed_at"), "checkout.completed_at"),
        accepts_marketing=marketing if isinstance(marketing, bool) else None,
    )
