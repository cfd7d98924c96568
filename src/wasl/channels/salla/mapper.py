"""A Salla order (the `data` of an order webhook) read into OrderData.

Shape: Salla's "Orders Webhook Events Model" (docs.salla.dev, Merchant API, Webhooks - Store Events - Order).
Amounts come as money objects `{"amount": 186, "currency": "SAR"}`, tax one level deeper
(`{"percent": "0.00", "amount": {...}}`), discounts as a list of `{"discount": "5.00", ...}`; older and
hand-built payloads send plain numbers. All of these are read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from wasl.channels.payload import (
    amount,
    currency_code,
    first_text,
    full_name,
    identifier,
    mapping,
    optional_decimal,
    quantity,
    required,
    sequence,
    text,
)
from wasl.channels.salla.dates import optional_salla_datetime, salla_datetime
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData

CHANNEL = "salla"
COD_METHOD = "cod"
CANCELLED_STATUSES = frozenset({"canceled", "cancelled"})


def map_order(order: dict[str, Any], *, cancelled: bool = False) -> OrderData:
    amounts = mapping(order.get("amounts"))
    currency = currency_code(
        order.get("currency") or mapping(amounts.get("total")).get("currency"), "order.currency"
    )
    status = text(mapping(order.get("status")).get("slug")).lower()
    customer = mapping(order.get("customer"))
    return OrderData(
        channel=CHANNEL,
        external_id=text(required(order, "id", "order")),
        number=text(order.get("reference_id")),
        placed_at=salla_datetime(required(order, "date", "order"), "order.date"),
        source_updated_at=optional_salla_datetime(order.get("updated_at"), "order.updated_at"),
        currency=currency,
        total=money(_total(order, amounts), currency, "order.amounts.total"),
        subtotal=money(amounts["sub_total"], currency, "order.amounts.sub_total")
        if "sub_total" in amounts
        else None,
        # The COD fee Salla adds is a delivery charge the buyer pays on top of shipping.
        shipping_total=money(amounts.get("shipping_cost"), currency, "order.amounts.shipping_cost")
        + money(amounts.get("cash_on_delivery"), currency, "order.amounts.cash_on_delivery"),
        discount_total=_discounts(amounts.get("discounts"), currency),
        tax_total=money(amounts.get("tax"), currency, "order.amounts.tax"),
        payment_method="cod" if text(order.get("payment_method")).lower() == COD_METHOD else "prepaid",
        cancelled=cancelled or status in CANCELLED_STATUSES,
        customer=_customer(customer),
        shipping_address=_shipping_address(mapping(order.get("shipping")), customer),
        lines=tuple(_line(item, currency, index) for index, item in enumerate(sequence(order.get("items")))),
        tags=_tags(order.get("tags")),
    )


def money(value: Any, currency: str, where: str) -> Decimal:
    """An amount sent as a money object (possibly nested, as tax is), a number or a numeric string."""
    while isinstance(value, dict):  # a loop, not recursion: nesting depth is the sender's choice
        value, where = value.get("amount"), f"{where}.amount"
    return amount(value, currency, where)


def _total(order: dict[str, Any], amounts: dict[str, Any]) -> Any:
    # order.status.updated also repeats the total at the top of the order.
    if "total" in amounts:
        return amounts["total"]
    return required(order, "total", "order.amounts")


def _discounts(value: Any, currency: str) -> Decimal:
    if not isinstance(value, list):
        return money(value, currency, "order.amounts.discounts")
    total = amount(0, currency, "order.amounts.discounts")
    for index, entry in enumerate(value):
        where = f"order.amounts.discounts[{index}]"
        total += money(entry.get("discount"), currency, f"{where}.discount") if isinstance(entry, dict) else 0
    return total


def _customer(customer: dict[str, Any]) -> CustomerData:
    return CustomerData(
        name=first_text(
            full_name(customer.get("first_name"), customer.get("last_name")), customer.get("name")
        ),
        phone=international_mobile(customer.get("mobile"), customer.get("mobile_code")),
        email=text(customer.get("email")),
        external_id=identifier(customer.get("id")),
    )


def international_mobile(mobile: Any, mobile_code: Any) -> str:
    """Salla splits the number: mobile 501806978 (often a JSON number) and mobile_code "+966"."""
    number, code = text(mobile), text(mobile_code)
    if not number or number.startswith(("+", "00")) or not code:
        return number
    return "+" + code.lstrip("+") + number.lstrip("0")  # the trunk 0 is dropped after a country code


def _shipping_address(shipping: dict[str, Any], customer: dict[str, Any]) -> AddressData:
    address = mapping(shipping.get("address"))
    receiver = mapping(shipping.get("receiver"))
    if not address:  # picked up in a branch, or nothing to ship: only the customer's city is known
        return AddressData(
            city=text(customer.get("city")), country=text(customer.get("country_code")).upper()
        )
    coordinates = mapping(address.get("geo_coordinates"))
    latitude, longitude = optional_decimal(coordinates.get("lat")), optional_decimal(coordinates.get("lng"))
    if not latitude and not longitude:  # Salla sends 0, 0 when the buyer did not drop a pin
        latitude = longitude = None
    return AddressData(
        name=text(receiver.get("name")),
        line1=first_text(address.get("street_number"), address.get("shipping_address")),
        line2=text(address.get("block")),
        city=text(address.get("city")),
        region=_region(address.get("region")),
        postal_code=text(address.get("postal_code")),
        country=first_text(address.get("country_code"), customer.get("country_code")).upper(),
        phone=text(receiver.get("phone")),
        latitude=latitude,
        longitude=longitude,
    )


def _region(value: Any) -> str:
    return text(mapping(value).get("name")) if isinstance(value, dict) else text(value)


def _line(item: Any, currency: str, index: int) -> LineData:
    line = mapping(item)
    product = mapping(line.get("product"))
    where = f"order.items[{index}]"
    return LineData(
        sku=first_text(line.get("sku"), product.get("sku")),
        name=first_text(line.get("name"), product.get("name")),
        quantity=quantity(required(line, "quantity", where), f"{where}.quantity"),
        unit_price=money(
            mapping(line.get("amounts")).get("price_without_tax"),
            currency,
            f"{where}.amounts.price_without_tax",
        ),
        product_external_id=identifier(product.get("id") or line.get("product_id")),
        image_url=text(product.get("thumbnail")),
    )


def _tags(value: Any) -> tuple[str, ...]:
    names = (
        text(mapping(tag).get("name")) if isinstance(tag, dict) else text(tag) for tag in sequence(value)
    )
    return tuple(name for name in names if name)
