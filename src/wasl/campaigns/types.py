"""A checkout as every source (Shopify, WooCommerce, the API) describes it, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class CheckoutLine:
    name: str
    quantity: int
    unit_price: Decimal
    sku: str = ""
    product_external_id: str = ""
    image_url: str = ""


@dataclass(frozen=True, slots=True)
class CheckoutData:
    source: str  # shopify | woocommerce | api
    external_id: str
    currency: str
    total: Decimal
    updated_at: datetime
    token: str = ""
    cart_token: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    country: str = ""  # to read a local phone number
    language: str = ""
    recovery_url: str = ""
    lines: tuple[CheckoutLine, ...] = ()
    completed_at: datetime | None = None
    accepts_marketing: bool | None = None  # the buyer's own tick at checkout, when the shop tells
