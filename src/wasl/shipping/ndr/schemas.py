"""JSON shapes of NDR cases and their instructions in the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from wasl.shipping.ndr.models import NdrCase


class NdrInstructionOut(Schema):
    id: int
    kind: str
    day: date | None
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    note: str
    status: str
    method: str
    source: str
    reference: str
    error: str
    created_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None


class NdrCaseOut(Schema):
    id: int
    tracking_number: str
    carrier: str
    order_id: str | None = Field(None, description="the order's external id")
    attempt: int
    reason: str
    carrier_remark: str
    failed_at: datetime
    status: str
    phone: str
    channel: str
    language: str
    not_asked: str
    opened_at: datetime
    asked_at: datetime | None
    remind_at: datetime | None
    reminded_at: datetime | None
    escalate_at: datetime | None
    escalated_at: datetime | None
    answer: str
    answer_day: date | None
    answer_address: str
    answer_latitude: Decimal | None
    answer_longitude: Decimal | None
    answer_source: str
    answered_at: datetime | None
    outcome: str
    outcome_reason: str
    closed_at: datetime | None
    instructions: list[NdrInstructionOut]

    @staticmethod
    def resolve_tracking_number(obj: NdrCase) -> str:
        return obj.shipment.tracking_number

    @staticmethod
    def resolve_order_id(obj: NdrCase) -> str | None:
        return obj.order.external_id if obj.order is not None else None

    @staticmethod
    def resolve_instructions(obj: NdrCase) -> list:
        return list(obj.instructions.all())


class NdrCasePageOut(Schema):
    items: list[NdrCaseOut]
    next_cursor: str | None


class NdrInstructionIn(Schema):
    """Either `instruction_id` (what became of one of ours) or `kind` (what the merchant told the carrier)."""

    instruction_id: int | None = None
    kind: Literal["reattempt", "update_address", "return_to_origin"] | None = None
    day: date | None = None
    address: str = Field("", max_length=1000)
    latitude: Decimal | None = Field(None, ge=-90, le=90)
    longitude: Decimal | None = Field(None, ge=-180, le=180)
    note: str = Field("", max_length=500)
    status: Literal["sent", "acknowledged"] = "sent"
    reference: str = Field("", max_length=200)
