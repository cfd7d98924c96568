"""A WooCommerce order (webhook body = REST v3 order resource) read into OrderData."""

from __future__ import annotations

import html
from datetime import datetime
from decimal import Decimal
from typing import Any

from wasl.channels.payload import (
    amount,
    currency_code,
    first_text,
    full_name,
    identifier,
    iso_datetime,
    mapping,
    optional_iso_datetime,
    quantity,
    required,
    sequence,
    text,
)
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData

CHANNEL = "woocommerce"
COD_GATEWAY = "cod"  # the id of WooCommerce core's "Cash on delivery" gateway


def map_order(order: dict[str, Any]) -> OrderData:
    currency = currency_code(order.get("currency"), "order.currency")
    lines = tuple(
        _line(item, currency, index) for index, item in enumerate(sequence(order.get("line_items")))
    )
    return OrderData(
        channel=CHANNEL,
        external_id=text(required(order, "id", "order")),
        number=text(order.get("number")),
        placed_at=_placed_at(order),
        source_updated_at=optional_iso_datetime(
            order.get("date_modified_gmt"), "order.date_modified_gmt", naive_is_utc=True
        ),
        currency=currency,
        total=amount(required(order, "total", "order"), currency, "order.total"),
        subtotal=_subtotal(order, currency) if lines else None,
        shipping_total=amount(order.get("shipping_total"), currency, "order.shipping_total"),
        discount_total=amount(order.get("discount_total"), currency, "order.discount_total"),
        tax_total=amount(order.get("total_tax"), currency, "order.total_tax"),
        payment_method="cod" if text(order.get("payment_method")).lower() == COD_GATEWAY else "prepaid",
        cancelled=text(order.get("status")).lower() == "cancelled",
        customer=_customer(order),
        shipping_address=_shipping_address(order),
        lines=lines,
    )


def _placed_at(order: dict[str, Any]) -> datetime:
    # date_created is in the site's own timezone, which the payload does not name; the _gmt twin is UTC.
    if text(order.get("date_created_gmt")):
        return iso_datetime(order["date_created_gmt"], "order.date_created_gmt", naive_is_utc=True)
    return iso_datetime(required(order, "date_created", "order"), "order.date_created", naive_is_utc=True)


def _subtotal(order: dict[str, Any], currency: str) -> Decimal:
    """WooCommerce sends no order subtotal; the sum of line subtotals (before coupons) is what it displays."""
    total = amount(0, currency, "order.line_items")
    for index, item in enumerate(sequence(order.get("line_items"))):
        total += amount(mapping(item).get("subtotal"), currency, f"order.line_items[{index}].subtotal")
    return total


def _customer(order: dict[str, Any]) -> CustomerData:
    billing = mapping(order.get("billing"))
    shipping = mapping(order.get("shipping"))
    return CustomerData(
        name=first_text(
            full_name(billing.get("first_name"), billing.get("last_name")),
            full_name(shipping.get("first_name"), shipping.get("last_name")),
        ),
        phone=first_text(billing.get("phone"), shipping.get("phone")),
        email=text(billing.get("email")),
        external_id=identifier(order.get("customer_id")),
    )


def _shipping_address(order: dict[str, Any]) -> AddressData:
    # Many COD stores hide the shipping form and deliver to the billing address, leaving "shipping" blank.
    shipping = mapping(order.get("shipping"))
    billing = mapping(order.get("billing"))
    has_shipping = any(text(shipping.get(key)) for key in ("address_1", "city", "postcode"))
    address = shipping if has_shipping else billing
    return AddressData(
        name=full_name(address.get("first_name"), address.get("last_name")),
        line1=text(address.get("address_1")),
        line2=text(address.get("address_2")),
        city=text(address.get("city")),
        region=text(address.get("state")),
        postal_code=text(address.get("postcode")),
        country=text(address.get("country")).upper(),
        phone=first_text(address.get("phone"), billing.get("phone")),
    )


def _line(item: Any, currency: str, index: int) -> LineData:
    line = mapping(item)
    where = f"order.line_items[{index}]"
    return LineData(
        sku=text(line.get("sku")),
        name=html.unescape(text(line.get("name"))),  # WooCommerce sends names HTML-escaped ("&ndash;")
        quantity=quantity(required(line, "quantity", where), f"{where}.quantity"),
        unit_price=amount(line.get("price"), currency, f"{where}.price"),
        product_external_id=identifier(line.get("product_id")),
        variant_external_id=identifier(line.get("variation_id")),
        image_url=text(mapping(line.get("image")).get("src")),
    )
