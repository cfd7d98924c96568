"""JSON shapes of webhook endpoints and their deliveries in the API."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Field, Schema

from wasl.webhooks.models import DeliveryStatus, OutboundAttempt, OutboundDelivery


class EndpointIn(Schema):
    url: str = Field(..., min_length=1, max_length=2000, description="http(s) URL that receives the POSTs")
    event_types: list[str] = Field(
        ..., min_length=1, description='e.g. ["order.created", "shipment.status_changed"], or ["*"] for all'
    )
    description: str = Field("", max_length=200)


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    event_types: list[str]
    is_active: bool
    consecutive_failures: int
    disabled_at: datetime | None
    disabled_reason: str
    secret_hint: str = Field(..., description="the secret's last characters, to recognise it")
    created_at: datetime


class EndpointCreatedOut(EndpointOut):
    secret: str = Field(..., description="signs every delivery; shown now and never again")


class AttemptOut(Schema):
    number: int
    started_at: datetime
    duration_ms: int
    status_code: int | None
    error: str
    response_excerpt: str = Field(..., description="the first kilobyte of the receiver's answer")


class DeliveryOut(Schema):
    id: int
    event_id: UUID
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    created_at: datetime
    completed_at: datetime | None
    history: list[AttemptOut]

    @staticmethod
    def resolve_event_id(obj: OutboundDelivery) -> UUID:
        return obj.event.uuid

    @staticmethod
    def resolve_event_type(obj: OutboundDelivery) -> str:
        return obj.event.event_type

    @staticmethod
    def resolve_history(obj: OutboundDelivery) -> list[OutboundAttempt]:
        return sorted(obj.attempt_log.all(), key=lambda a: (a.started_at, a.pk))


class DeliveryPageOut(Schema):
    items: list[DeliveryOut]
    next_cursor: str | None
