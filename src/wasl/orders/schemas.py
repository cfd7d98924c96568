"""JSON shapes of orders in the API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from wasl.core.money import quantize
from wasl.orders.models import Order, OrderLine
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData

MAX_AMOUNT = Decimal("99999999999")  # what the money columns hold (14 digits, 3 of them decimals)


class AddressIn(Schema):
    name: str = Field(default="", max_length=200)
    line1: str = Field(default="", max_length=300)
    line2: str = Field(default="", max_length=300)
    city: str = Field(default="", max_length=120)
    region: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=20)
    country: str = Field(default="", max_length=2, description="ISO 3166-1 alpha-2")
    phone: str = Field(default="", max_length=40)
    latitude: Decimal | None = Field(default=None, ge=-90, le=90)
    longitude: Decimal | None = Field(default=None, ge=-180, le=180)


class CustomerIn(Schema):
    name: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)
    language: Literal["", "ar", "fr", "en"] = ""
    external_id: str = Field(default="", max_length=100)


class LineIn(Schema):
    sku: str = Field(default="", max_length=100)
    name: str = Field(default="", max_length=300)
    quantity: int = Field(..., gt=0, le=1_000_000)
    unit_price: Decimal = Field(..., ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    category: str = Field(default="", max_length=120)


class OrderIn(Schema):
    external_id: str = Field(..., min_length=1, max_length=100)
    number: str = Field(default="", max_length=100)
    placed_at: datetime
    currency: str = Field(..., min_length=3, max_length=3)
    total: Decimal = Field(..., ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    payment_method: Literal["cod", "prepaid"]
    subtotal: Decimal | None = Field(default=None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    shipping_total: Decimal = Field(default=Decimal("0"), ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    discount_total: Decimal = Field(default=Decimal("0"), ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    tax_total: Decimal = Field(default=Decimal("0"), ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    cancelled: bool = False
    customer: CustomerIn = Field(default_factory=lambda: CustomerIn())
    shipping_address: AddressIn = Field(default_factory=lambda: AddressIn())
    lines: list[LineIn] = Field(default_factory=list, max_length=500)
    tags: list[str] = Field(default_factory=list, max_length=50)
    updated_at: datetime | None = Field(
        None, description="when the source last changed it; older updates are ignored"
    )

    def to_data(self, channel: str = "api") -> OrderData:
        return OrderData(
            channel=channel,
            external_id=self.external_id.strip(),
            number=self.number,
            placed_at=self.placed_at,
            currency=self.currency.upper(),
            total=self.total,
            payment_method=self.payment_method,
            subtotal=self.subtotal,
            shipping_total=self.shipping_total,
            discount_total=self.discount_total,
            tax_total=self.tax_total,
            cancelled=self.cancelled,
            customer=CustomerData(**self.customer.dict()),
            shipping_address=AddressData(**self.shipping_address.dict()),
            lines=tuple(LineData(**line.dict()) for line in self.lines),
            tags=tuple(self.tags),
            source_updated_at=self.updated_at,
        )


class UpsertOut(Schema):
    result: str = Field(
        ..., description="created, updated, unchanged (same as stored) or stale (older than stored)"
    )
    order: OrderSummaryOut


class LineOut(Schema):
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    category: str

    @staticmethod
    def resolve_unit_price(obj: OrderLine) -> Decimal:
        return quantize(obj.unit_price, obj.order.currency)


class ShipmentBriefOut(Schema):
    carrier: str
    tracking_number: str
    direction: str
    status: str


class TimelineEntryOut(Schema):
    kind: str
    message: str
    data: dict
    occurred_at: datetime


class OrderSummaryOut(Schema):
    external_id: str
    number: str
    channel: str
    status: str
    payment_method: str
    currency: str
    total: Decimal
    placed_at: datetime
    customer_phone: str = ""
    customer_name: str = ""
    ship_city: str
    ship_country: str

    @staticmethod
    def resolve_total(obj: Order) -> Decimal:
        return quantize(obj.total, obj.currency)

    @staticmethod
    def resolve_customer_phone(obj: Order) -> str:
        return obj.customer.phone if obj.customer else ""

    @staticmethod
    def resolve_customer_name(obj: Order) -> str:
        return obj.customer.name if obj.customer else ""


class OrderOut(OrderSummaryOut):
    subtotal: Decimal | None
    shipping_total: Decimal
    discount_total: Decimal
    tax_total: Decimal
    cancelled_at: datetime | None
    lines: list[LineOut]
    shipments: list[ShipmentBriefOut]
    timeline: list[TimelineEntryOut]

    @staticmethod
    def resolve_subtotal(obj: Order) -> Decimal | None:
        return quantize(obj.subtotal, obj.currency) if obj.subtotal is not None else None

    @staticmethod
    def resolve_shipping_total(obj: Order) -> Decimal:
        return quantize(obj.shipping_total, obj.currency)

    @staticmethod
    def resolve_discount_total(obj: Order) -> Decimal:
        return quantize(obj.discount_total, obj.currency)

    @staticmethod
    def resolve_tax_total(obj: Order) -> Decimal:
        return quantize(obj.tax_total, obj.currency)

    @staticmethod
    def resolve_lines(obj: Order) -> list:
        return list(obj.lines.all())

    @staticmethod
    def resolve_shipments(obj: Order) -> list:
        return list(obj.shipments.all())

    @staticmethod
    def resolve_timeline(obj: Order) -> list:
        return list(obj.events.all())


class OrderPageOut(Schema):
    items: list[OrderSummaryOut]
    next_cursor: str | None


UpsertOut.model_rebuild()
