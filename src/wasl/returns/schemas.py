"""Request and response shapes of /api/v1/returns."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from wasl.returns.models import ReturnRequest


class ItemIn(Schema):
    line_id: int | None = Field(None, description="the order line's id; or give `sku`")
    sku: str = Field("", max_length=100, description="the order line's SKU, when the line id is not known")
    quantity: int = Field(1, ge=1, le=10000)
    reason: str = Field(max_length=40)
    comment: str = Field("", max_length=2000)
    exchange_sku: str = Field("", max_length=100, description="the variant wanted in exchange")


class ReturnIn(Schema):
    order_id: str = Field(max_length=100, description="the order's external id")
    items: list[ItemIn] = Field(max_length=100)
    resolution: str = Field(description="refund | credit | exchange_variant | exchange_product")
    method: str = Field(description="pickup | dropoff | label")
    idempotency_key: str = Field("", max_length=200)


class ApproveIn(Schema):
    carrier: str = Field("", max_length=40)
    tracking_number: str = Field("", max_length=100)


class RejectIn(Schema):
    reason: str = Field(min_length=1, max_length=300)


class InspectionIn(Schema):
    item_id: int
    grade: str = Field(description="sellable | damaged | tampered | wrong_item")
    disposition: str = Field(description="restock | refurbish | dispose")
    location: str = Field("", max_length=100)


class InspectIn(Schema):
    items: list[InspectionIn] = Field(max_length=100)


class ResolveIn(Schema):
    resolution: str | None = Field(None, description="settle differently from what the buyer asked")
    payout_details: str = Field("", max_length=500, description="bank or wallet details for a manual refund")


class ItemOut(Schema):
    id: int
    sku: str
    name: str
    category: str
    unit_price: Decimal
    quantity: int
    reason: str
    comment: str
    exchange_sku: str | None
    grade: str
    disposition: str
    restock_location: str

    @staticmethod
    def resolve_exchange_sku(obj: object) -> str | None:
        variant = getattr(obj, "exchange_variant", None)
        return variant.sku if variant is not None else None


class EventOut(Schema):
    kind: str
    message: str
    data: dict
    actor: str
    occurred_at: datetime


class ReturnSummaryOut(Schema):
    code: str
    order_id: str
    state: str
    resolution: str
    outcome: str
    method: str
    tier: str
    currency: str
    fee: Decimal
    resolved_amount: Decimal | None
    created_at: datetime

    @staticmethod
    def resolve_order_id(obj: ReturnRequest) -> str:
        return obj.order.external_id


class ReturnOut(ReturnSummaryOut):
    policy_version: int
    free_pickup: bool
    refund_at_first_scan: bool
    reject_reason: str
    reverse_tracking_number: str | None
    exchange_order_id: str | None
    refund_id: int | None
    refund_status: str | None
    items: list[ItemOut]
    timeline: list[EventOut]

    @staticmethod
    def resolve_reverse_tracking_number(obj: ReturnRequest) -> str | None:
        return obj.reverse_shipment.tracking_number if obj.reverse_shipment else None

    @staticmethod
    def resolve_exchange_order_id(obj: ReturnRequest) -> str | None:
        return obj.exchange_order.external_id if obj.exchange_order else None

    @staticmethod
    def resolve_refund_status(obj: ReturnRequest) -> str | None:
        return obj.refund.status if obj.refund else None

    @staticmethod
    def resolve_items(obj: ReturnRequest) -> list[object]:
        return list(obj.items.all())

    @staticmethod
    def resolve_timeline(obj: ReturnRequest) -> list[object]:
        return list(obj.events.all())


class ReturnPageOut(Schema):
    items: list[ReturnSummaryOut]
    next_cursor: str | None


class PolicyIn(Schema):
    document: dict = Field(description="the policy document; see docs/returns.md")
    note: str = Field("", max_length=300)


class PolicyOut(Schema):
    version: int
    document: dict


class TierIO(Schema):
    name: str = Field(max_length=40)
    rank: int = Field(ge=0, le=1000)
    min_orders: int = Field(0, ge=0)
    min_spend: Decimal = Field(Decimal(0), ge=0)
    max_return_rate: Decimal | None = Field(None, ge=0, le=1)
    max_rtos: int | None = Field(None, ge=0)


class TiersIn(Schema):
    tiers: list[TierIO] = Field(max_length=20)
