"""Turns a tracking event posted to the API into a TrackingUpdate, mapping carrier codes where needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wasl.core.errors import Invalid
from wasl.shipping.status import STATUS_VALUES
from wasl.shipping.types import TrackingUpdate

if TYPE_CHECKING:
    from wasl.shipping.schemas import TrackingEventIn


def _status_from_code(carrier: str, code: str, text: str) -> tuple[str, str]:
    from wasl.carriers.registry import get_carrier_adapter

    try:
        adapter = get_carrier_adapter(carrier)
    except KeyError:
        raise Invalid(
            f"status is required: carrier {carrier!r} has no code table to map {code!r}",
            code="missing_status",
        ) from None
    return adapter.map_status(code, text)


def update_from_api(event: TrackingEventIn) -> TrackingUpdate:
    status, ndr_reason = event.status, event.ndr_reason
    if not status:
        if not (event.carrier and event.code):
            raise Invalid("give a canonical status, or a carrier and its code", code="missing_status")
        status, mapped_reason = _status_from_code(event.carrier.lower(), event.code, event.description)
        ndr_reason = ndr_reason or mapped_reason
    if status not in STATUS_VALUES:
        raise Invalid(f"{status!r} is not a canonical status", code="invalid_status")
    if event.occurred_at.tzinfo is None:
        raise Invalid("occurred_at needs a time zone offset", code="invalid_time")
    return TrackingUpdate(
        tracking_number=event.tracking_number.strip(),
        carrier=event.carrier.lower(),
        status=status,
        occurred_at=event.occurred_at,
        raw_code=event.code or status,
        raw_text=event.description,
        ndr_reason=ndr_reason,
        location=event.location,
        source="api",
        dedupe_key=f"id:{event.event_id}" if event.event_id else "",
        order_external_id=event.order_id,
    )
