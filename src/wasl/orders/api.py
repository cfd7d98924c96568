"""/api/v1/orders: create or update orders, read them with their timelines, list with filters."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from wasl.orders.schemas import OrderIn, OrderOut, OrderPageOut, UpsertOut
from wasl.orders.selectors import order_get, order_list
from wasl.orders.services import order_upsert

router = Router(tags=["orders"])


class OrderFilters(Schema):
    cursor: str | None = None
    limit: int = 50
    status: str | None = None
    payment_method: str | None = None
    channel: str | None = None
    placed_after: datetime | None = None
    placed_before: datetime | None = None
    phone: str | None = None


@router.post("", response={200: UpsertOut, 201: UpsertOut})
def upsert_order(request: HttpRequest, payload: OrderIn) -> Status:
    """Create an order, or update it. Posting the same order again changes nothing and answers `unchanged`."""
    outcome = order_upsert(store=request.auth, data=payload.to_data())  # type: ignore[attr-defined]
    code = 201 if outcome.result == "created" else 200
    return Status(code, UpsertOut(result=outcome.result, order=outcome.order))  # type: ignore[arg-type]


@router.get("", response=OrderPageOut)
def list_orders(request: HttpRequest, filters: Query[OrderFilters]) -> dict:
    page = order_list(store=request.auth, **filters.dict())  # type: ignore[attr-defined]
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{external_id}", response=OrderOut)
def get_order(request: HttpRequest, external_id: str) -> object:
    return order_get(store=request.auth, external_id=external_id)  # type: ignore[attr-defined]
