"""What a buyer puts in the basket and what the shop charges for it, as an OrderData."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from wasl.demo.catalog import Catalogue
from wasl.demo.markets import Market
from wasl.demo.sampling import Weighted
from wasl.demo.types import DemoCustomer
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData

_ITEM_COUNTS = Weighted(((1, 0.58), (2, 0.25), (3, 0.10), (4, 0.05), (5, 0.02)))
_QUANTITIES = Weighted(((1, 0.88), (2, 0.10), (3, 0.02)))
_DISCOUNT_SHARE = 0.22
_CODES = (("WELCOME10", 10), ("SAVE15", 15), ("VIP20", 20))
_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
TYPICAL_ORDER_VALUE = Decimal(230)  # in the catalogue's reference currency, before the market's price factor


@dataclass(frozen=True, slots=True)
class Basket:
    lines: tuple[LineData, ...]
    categories: tuple[str, ...]
    subtotal: Decimal
    discount: Decimal
    shipping: Decimal
    total: Decimal
    tax: Decimal
    tags: tuple[str, ...]


def fill_basket(rng: random.Random, catalogue: Catalogue, market: Market, *, first_order: bool) -> Basket:
    count = _ITEM_COUNTS.draw(rng)
    seen: set[str] = set()
    lines: list[LineData] = []
    categories: list[str] = []
    for _ in range(count):
        product, variant = catalogue.popularity.draw(rng)
        if variant.sku in seen:
            continue
        seen.add(variant.sku)
        lines.append(catalogue.line(product, variant, _QUANTITIES.draw(rng)))
        categories.append(product.category)
    subtotal = sum((line.unit_price * line.quantity for line in lines), _ZERO)
    discount = _ZERO
    tags: tuple[str, ...] = ()
    if rng.random() < _DISCOUNT_SHARE:
        code, percent = _CODES[0] if first_order else rng.choice(_CODES)
        discount = (subtotal * percent / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
        tags = (f"coupon:{code}",)
    after_discount = subtotal - discount
    shipping = _ZERO if after_discount >= market.free_shipping_from else market.shipping_fee.quantize(_CENT)
    total = after_discount + shipping
    tax = (total * market.vat_rate / (1 + market.vat_rate)).quantize(_CENT, rounding=ROUND_HALF_UP)
    return Basket(tuple(lines), tuple(categories), subtotal, discount, shipping, total, tax, tags)


def phone_as_typed(rng: random.Random, market: Market, e164: str) -> str:
    """Buyers type numbers many ways; all of them normalise back to the same E.164."""
    national = e164.removeprefix("+" + market.phone_country_code)
    draw = rng.random()
    if draw < 0.65:
        return e164
    if draw < 0.92:
        return "0" + national
    return "00" + market.phone_country_code + national


@dataclass(frozen=True, slots=True)
class OrderHeader:
    """What is fixed when the order is placed; the OrderData is made once its last update is known."""

    sequence: int
    channel: str
    placed_at: datetime
    cod: bool
    customer: CustomerData
    address: AddressData
    basket: Basket

    @property
    def external_id(self) -> str:
        return str(self.sequence + 1001)


def order_data(
    header: OrderHeader, market: Market, *, updated_at: datetime, cancelled: bool = False
) -> OrderData:
    basket = header.basket
    return OrderData(
        channel=header.channel,
        external_id=header.external_id,
        placed_at=header.placed_at,
        currency=market.currency,
        total=basket.total,
        payment_method="cod" if header.cod else "prepaid",
        number=f"#{header.sequence + 1001}",
        subtotal=basket.subtotal,
        shipping_total=basket.shipping,
        discount_total=basket.discount,
        tax_total=basket.tax,
        cancelled=cancelled,
        customer=header.customer,
        shipping_address=header.address,
        lines=basket.lines,
        tags=basket.tags,
        source_updated_at=updated_at,
    )


def customer_data(rng: random.Random, market: Market, customer: DemoCustomer) -> CustomerData:
    return CustomerData(
        name=customer.name,
        phone=phone_as_typed(rng, market, customer.phone),
        email=customer.email,
        language=customer.language,
        external_id=customer.external_id,
    )


def value_ratio(basket: Basket, market: Market) -> float:
    return float(basket.total) / float(TYPICAL_ORDER_VALUE * market.price_factor)
