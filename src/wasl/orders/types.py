"""What every shop-platform adapter produces: a normalised order, independent of where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class AddressData:
    name: str = ""
    line1: str = ""
    line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    phone: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CustomerData:
    name: str = ""
    phone: str = ""  # as received; the service normalises it to E.164 with the address' country
    email: str = ""
    language: str = ""  # ar/fr/en when the source says
    external_id: str = ""


@dataclass(frozen=True, slots=True)
class LineData:
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    product_external_id: str = ""
    variant_external_id: str = ""
    category: str = ""
    image_url: str = ""


@dataclass(frozen=True, slots=True)
class OrderData:
    """A shop's order. Amounts are Decimal in `currency` (ISO 4217); times are timezone-aware."""

    channel: str  # shopify, woocommerce, salla, api, csv
    external_id: str
    placed_at: datetime
    currency: str
    total: Decimal
    payment_method: str  # "cod" or "prepaid"
    number: str = ""  # what the buyer sees, e.g. "#1001"
    subtotal: Decimal | None = None
    shipping_total: Decimal = Decimal("0")
    discount_total: Decimal = Decimal("0")
    tax_total: Decimal = Decimal("0")
    cancelled: bool = False
    customer: CustomerData = field(default_factory=CustomerData)
    shipping_address: AddressData = field(default_factory=AddressData)
    lines: tuple[LineData, ...] = ()
    tags: tuple[str, ...] = ()
    source_updated_at: datetime | None = None
    # The shop's checkout and cart tokens, when it sends them: they tie the order to its abandoned checkout
    # (campaigns). Not part of the order's content: left out of comparisons and of the content hash.
    checkout_tokens: tuple[str, ...] = field(default=(), compare=False)
