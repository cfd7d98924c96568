"""/api/v1/shipments and /api/v1/tracking-events."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from wasl.core.errors import Invalid
from wasl.orders.selectors import order_get
from wasl.shipping.schemas import (
    BatchResultOut,
    EventResultOut,
    ShipmentCreatedOut,
    ShipmentIn,
    ShipmentOut,
    ShipmentPageOut,
    TrackingBatchIn,
    TrackingEventIn,
)
from wasl.shipping.selectors import shipment_get, shipment_list
from wasl.shipping.services import MAX_BATCH, shipment_create, tracking_updates_ingest
from wasl.shipping.translate import update_from_api

router = Router(tags=["shipments"])


class ShipmentFilters(Schema):
    cursor: str | None = None
    limit: int = 50
    status: str | None = None
    carrier: str | None = None
    direction: str | None = None
    order_id: str | None = None


@router.post("/shipments", response={200: ShipmentCreatedOut, 201: ShipmentCreatedOut})
def create_shipment(request: HttpRequest, payload: ShipmentIn) -> Status:
    store = request.auth  # type: ignore[attr-defined]
    order = order_get(store=store, external_id=payload.order_id) if payload.order_id else None
    shipment, created = shipment_create(
        store=store,
        tracking_number=payload.tracking_number,
        carrier=payload.carrier,
        order=order,
        direction=payload.direction,
        promised_date=payload.promised_date,
    )
    return Status(
        201 if created else 200, {"result": "created" if created else "exists", "shipment": shipment}
    )


@router.get("/shipments", response=ShipmentPageOut)
def list_shipments(request: HttpRequest, filters: Query[ShipmentFilters]) -> dict:
    values = filters.dict()
    page = shipment_list(
        store=request.auth,  # type: ignore[attr-defined]
        order_external_id=values.pop("order_id"),
        **values,
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/shipments/{tracking_number}", response=ShipmentOut)
def get_shipment(request: HttpRequest, tracking_number: str) -> object:
    return shipment_get(store=request.auth, tracking_number=tracking_number)  # type: ignore[attr-defined]


@router.post("/tracking-events", response={200: EventResultOut, 201: EventResultOut})
def post_tracking_event(request: HttpRequest, payload: TrackingEventIn) -> Status:
    """One scan. A repeat (same `event_id`, or same content when there is none) answers `duplicate`."""
    store = request.auth  # type: ignore[attr-defined]
    outcome = tracking_updates_ingest(store=store, updates=[update_from_api(payload)])
    if outcome.errors:
        code, message = outcome.errors[0]
        raise Invalid(message, code=code)
    shipment = shipment_get(store=store, tracking_number=payload.tracking_number)
    result = outcome.results[0]
    return Status(
        201 if result == "accepted" else 200, {"result": result, "shipment_status": shipment.status}
    )


@router.post("/tracking-events/batch", response=BatchResultOut)
def post_tracking_batch(request: HttpRequest, payload: TrackingBatchIn) -> dict:
    """Up to 1,000 scans in one call; each gets its own result, and bad ones do not stop the good ones."""
    if len(payload.events) > MAX_BATCH:
        raise Invalid(
            f"at most {MAX_BATCH} events per batch, got {len(payload.events)}", code="batch_too_large"
        )
    updates, errors = [], {}
    for index, event in enumerate(payload.events):
        try:
            updates.append(update_from_api(event))
        except Invalid as exc:
            errors[index] = (exc.code, exc.message)
    positions = [i for i in range(len(payload.events)) if i not in errors]
    outcome = tracking_updates_ingest(store=request.auth, updates=updates)  # type: ignore[attr-defined]
    results = ["rejected"] * len(payload.events)
    for position, result in zip(positions, outcome.results, strict=True):
        results[position] = result
    for inner, problem in outcome.errors.items():
        errors[positions[inner]] = problem
    return {
        "accepted": results.count("accepted"),
        "duplicates": results.count("duplicate"),
        "rejected": results.count("rejected"),
        "results": results,
        "errors": [{"index": i, "code": c, "message": m} for i, (c, m) in sorted(errors.items())],
    }
