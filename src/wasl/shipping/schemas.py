"""JSON shapes of shipments and tracking events in the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel

from wasl.shipping.models import Shipment


class ShipmentIn(Schema):
    tracking_number: str = Field(..., min_length=1, max_length=100)
    carrier: str = Field(..., min_length=1, max_length=40)
    order_id: str | None = Field(None, description="the order's external id")
    direction: Literal["forward", "reverse"] = "forward"
    promised_date: date | None = None


class TrackingEventIn(BaseModel):
    """Plain pydantic, not ninja's Schema: its ORM-reading validator costs more than the rest of a batch."""

    tracking_number: str = Field(..., min_length=1, max_length=100)
    carrier: str = Field("", max_length=40)
    status: str = Field("", description="canonical status; may be left out when carrier and code are given")
    code: str = Field("", max_length=100, description="the carrier's own status code")
    description: str = Field("", max_length=500)
    ndr_reason: str = ""
    location: str = Field("", max_length=200)
    occurred_at: datetime
    event_id: str = Field(
        "", max_length=100, description="the sender's id for this scan; repeats are dropped"
    )
    order_id: str = Field("", max_length=100)


class TrackingBatchIn(BaseModel):
    events: list[TrackingEventIn]


class EventResultOut(Schema):
    result: Literal["accepted", "duplicate"]
    shipment_status: str


class BatchErrorOut(Schema):
    index: int
    code: str
    message: str


class BatchResultOut(Schema):
    accepted: int
    duplicates: int
    rejected: int
    results: list[str]
    errors: list[BatchErrorOut]


class TrackingEventOut(Schema):
    status: str
    raw_code: str
    raw_text: str
    ndr_reason: str
    location: str
    occurred_at: datetime
    source: str


class ShipmentSummaryOut(Schema):
    tracking_number: str
    carrier: str
    direction: str
    status: str
    order_id: str | None
    promised_date: date | None
    attempts: int
    ndr_reason: str
    last_event_at: datetime | None
    delivered_at: datetime | None

    @staticmethod
    def resolve_order_id(obj: Shipment) -> str | None:
        return obj.order.external_id if obj.order else None


class ShipmentOut(ShipmentSummaryOut):
    first_attempt_at: datetime | None
    status_changed_at: datetime | None
    events: list[TrackingEventOut]

    @staticmethod
    def resolve_events(obj: Shipment) -> list:
        return sorted(obj.events.all(), key=lambda e: (e.occurred_at, e.pk))


class ShipmentCreatedOut(Schema):
    result: Literal["created", "exists"]
    shipment: ShipmentSummaryOut


class ShipmentPageOut(Schema):
    items: list[ShipmentSummaryOut]
    next_cursor: str | None
