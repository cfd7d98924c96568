"""What the demo generator hands to a loader: plain frozen values, no database behind them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from wasl.orders.types import AddressData, OrderData
from wasl.shipping.types import TrackingUpdate


class Outcome(StrEnum):
    """How an order ended. An order still on its way (or awaiting confirmation) has no outcome yet."""

    DELIVERED = "delivered"
    RETURNED = "returned"  # delivered, then sent back by the buyer
    RTO = "rto"  # returned to origin without being delivered
    LOST = "lost"
    CANCELLED = "cancelled"  # cancelled before it was shipped: no shipment


class AddressQuality(StrEnum):
    """How findable a buyer's address is; a label for testing address scoring, not a field shops send."""

    COMPLETE = "complete"  # building number, street, district, postal code
    PARTIAL = "partial"  # street and district, no building number
    LANDMARK = "landmark"  # described by what is near it
    VAGUE = "vague"  # a district or city only
    PLACEHOLDER = "placeholder"  # junk typed to get past a required field


@dataclass(frozen=True, slots=True)
class StoreFacts:
    name: str
    slug: str
    country: str  # ISO 3166-1 alpha-2
    currency: str  # ISO 4217
    language: str  # ar, fr or en
    timezone: str  # IANA name, for display
    utc_offset_minutes: int


@dataclass(frozen=True, slots=True)
class StockLocation:
    code: str
    name: str
    city: str


@dataclass(frozen=True, slots=True)
class DemoVariant:
    sku: str
    name: str  # product name with the option, in the store language
    option: str  # size or colour; "" for a product with a single variant
    price: Decimal
    unit_cost: Decimal
    stock: tuple[tuple[str, int], ...]  # (location code, units on hand)


@dataclass(frozen=True, slots=True)
class DemoProduct:
    external_id: str
    name: str
    category: str  # a stable slug: apparel, footwear, fragrance, beauty, electronics, home, kids
    image_url: str
    variants: tuple[DemoVariant, ...]


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    external_id: str
    name: str
    phone: str  # E.164
    email: str  # "" for buyers who gave none
    language: str
    address: AddressData
    address_quality: AddressQuality


@dataclass(frozen=True, slots=True)
class DemoOrder:
    order: OrderData
    customer_id: str
    carrier: str  # carrier slug; "" when the order was never shipped
    tracking_number: str
    events: tuple[TrackingUpdate, ...]  # forward shipment scans up to the generation time, oldest first
    outcome: Outcome | None
    outcome_at: datetime | None
    ndr_reasons: tuple[str, ...]  # NdrReason of each failed delivery attempt, in order
    rto_reason: str = ""  # why the parcel went back (NdrReason), also when no attempt failed first
    first_attempt_at: datetime | None = None  # first time a courier took it out for delivery
    return_reason: str = ""  # for returned orders


@dataclass(frozen=True, slots=True)
class DemoShop:
    store: StoreFacts
    locations: tuple[StockLocation, ...]
    products: tuple[DemoProduct, ...]
    customers: tuple[DemoCustomer, ...]
    orders: tuple[DemoOrder, ...]
    now: datetime  # the moment the data ends at: nothing in it happens later
