"""A Shopify order (webhook body or REST resource, same shape) read into OrderData."""

from __future__ import annotations

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
    optional_decimal,
    optional_iso_datetime,
    quantity,
    required,
    sequence,
    split_tags,
    text,
)
from wasl.channels.shopify.payment import payment_method
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData

CHANNEL = "shopify"
_LANGUAGES = ("ar", "fr", "en")


def map_order(order: dict[str, Any]) -> OrderData:
    external_id = text(required(order, "id", "order"))
    currency = currency_code(order.get("currency"), "order.currency")
    shipping_address = _address(mapping(order.get("shipping_address")))
    return OrderData(
        channel=CHANNEL,
        external_id=external_id,
        number=text(order.get("name")) or text(order.get("order_number")),
        placed_at=iso_datetime(required(order, "created_at", "order"), "order.created_at"),
        source_updated_at=optional_iso_datetime(order.get("updated_at"), "order.updated_at"),
        currency=currency,
        total=amount(required(order, "total_price", "order"), currency, "order.total_price"),
        subtotal=_optional_amount(order.get("subtotal_price"), currency, "order.subtotal_price"),
        discount_total=amount(order.get("total_discounts"), currency, "order.total_discounts"),
        tax_total=amount(order.get("total_tax"), currency, "order.total_tax"),
        shipping_total=_shipping_total(order, currency),
        payment_method=payment_method(order),
        cancelled=bool(text(order.get("cancelled_at"))),
        customer=_customer(order),
        shipping_address=shipping_address,
        lines=tuple(
            _line(item, currency, index) for index, item in enumerate(sequence(order.get("line_items")))
        ),
        tags=split_tags(order.get("tags")),
        checkout_tokens=tuple(
            t for t in (text(order.get(k)) for k in ("checkout_token", "cart_token", "checkout_id")) if t
        ),
    )


def _optional_amount(value: Any, currency: str, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    return amount(value, currency, where)


def _shipping_total(order: dict[str, Any], currency: str) -> Decimal:
    # Newer payloads carry the total in shop money; older ones only list shipping lines.
    shop_money = mapping(mapping(order.get("total_shipping_price_set")).get("shop_money"))
    if "amount" in shop_money:
        return amount(shop_money["amount"], currency, "order.total_shipping_price_set.shop_money.amount")
    lines = [mapping(line) for line in sequence(order.get("shipping_lines"))]
    prices = [
        amount(line.get("price"), currency, f"order.shipping_lines[{i}].price")
        for i, line in enumerate(lines)
    ]
    return sum(prices, amount(0, currency, "order.shipping_lines"))


def _customer(order: dict[str, Any]) -> CustomerData:
    customer = mapping(order.get("customer"))
    shipping = mapping(order.get("shipping_address"))
    billing = mapping(order.get("billing_address"))
    locale = text(order.get("customer_locale")).lower()[:2]
    return CustomerData(
        name=first_text(
            full_name(customer.get("first_name"), customer.get("last_name")),
            shipping.get("name"),
            full_name(shipping.get("first_name"), shipping.get("last_name")),
            billing.get("name"),
        ),
        # The checkout's contact phone first: on COD stores it is the number the buyer just typed.
        phone=first_text(
            order.get("phone"), customer.get("phone"), shipping.get("phone"), billing.get("phone")
        ),
        email=first_text(order.get("email"), order.get("contact_email"), customer.get("email")),
        language=locale if locale in _LANGUAGES else "",
        external_id=identifier(customer.get("id")),
    )


def _address(address: dict[str, Any]) -> AddressData:
    return AddressData(
        name=first_text(address.get("name"), full_name(address.get("first_name"), address.get("last_name"))),
        line1=text(address.get("address1")),
        line2=text(address.get("address2")),
        city=text(address.get("city")),
        region=first_text(address.get("province"), address.get("province_code")),
        postal_code=text(address.get("zip")),
        country=text(address.get("country_code")).upper(),
        phone=text(address.get("phone")),
        latitude=optional_decimal(address.get("latitude")),
        longitude=optional_decimal(address.get("longitude")),
    )


def _line(item: Any, currency: str, index: int) -> LineData:
    line = mapping(item)
    where = f"order.line_items[{index}]"
    return LineData(
        sku=text(line.get("sku")),
        name=first_text(line.get("title"), line.get("name")),
        quantity=quantity(required(line, "quantity", where), f"{where}.quantity"),
        unit_price=amount(line.get("price"), currency, f"{where}.price"),
        product_external_id=identifier(line.get("product_id")),
        variant_external_id=identifier(line.get("variant_id")),
    )
