"""/api/v1/returns: the return lifecycle for the merchant's systems. Handlers only call services and selectors.

A return is named by its code. Every step can be sent again: asking a return twice with the same
`Idempotency-Key` (header or body) gives the same return (200 instead of 201); a step already taken answers
the return as it stands.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from wasl.core.errors import Invalid
from wasl.orders.models import Order
from wasl.orders.selectors import order_get
from wasl.returns.policy import policy_in_force, policy_publish, policy_version_get
from wasl.returns.resolve import return_resolution_set, return_resolve
from wasl.returns.schemas import (
    ApproveIn,
    InspectIn,
    PolicyIn,
    PolicyOut,
    RejectIn,
    ResolveIn,
    ReturnIn,
    ReturnOut,
    ReturnPageOut,
    TierIO,
    TiersIn,
)
from wasl.returns.selectors import return_get, return_list
from wasl.returns.services import (
    ItemAsked,
    ItemInspected,
    return_approve,
    return_create,
    return_inspect,
    return_receive,
    return_reject,
)
from wasl.returns.tiers import TierSpec, loyalty_tiers, loyalty_tiers_set
from wasl.stores.models import Store

router = Router(tags=["returns"])


class ReturnFilters(Schema):
    cursor: str | None = None
    limit: int = 50
    state: str | None = None
    order_id: str | None = None
    resolution: str | None = None


def _store(request: HttpRequest) -> Store:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _actor(request: HttpRequest) -> str:
    return "api"


def _line_id(order: Order, line_id: int | None, sku: str) -> int:
    if line_id is not None:
        return line_id
    found = order.lines.filter(sku=sku).values_list("pk", flat=True).first() if sku else None
    if found is None:
        raise Invalid("each item names a line of the order by `line_id` or `sku`", code="unknown_line")
    return found


@router.post("", response={200: ReturnOut, 201: ReturnOut})
def create_return(request: HttpRequest, payload: ReturnIn) -> Status:
    """Ask for a return of some of an order's lines (201), or get back the one asked with the same key (200)."""
    order = order_get(store=_store(request), external_id=payload.order_id)
    items = [
        ItemAsked(
            line_id=_line_id(order, i.line_id, i.sku),
            quantity=i.quantity,
            reason=i.reason,
            comment=i.comment,
            exchange_sku=i.exchange_sku,
        )
        for i in payload.items
    ]
    outcome = return_create(
        order=order,
        items=items,
        resolution=payload.resolution,
        method=payload.method,
        idempotency_key=payload.idempotency_key or request.headers.get("Idempotency-Key", "")[:200],
        actor=_actor(request),
    )
    return Status(201 if outcome.created else 200, return_get(store=_store(request), code=outcome.ret.code))


@router.get("", response=ReturnPageOut)
def list_returns(request: HttpRequest, filters: Query[ReturnFilters]) -> dict:
    """Newest first; filter by `state`, `order_id` (external id) or `resolution`; follow `next_cursor`."""
    page = return_list(
        store=_store(request),
        cursor=filters.cursor,
        limit=filters.limit,
        state=filters.state,
        order_external_id=filters.order_id,
        resolution=filters.resolution,
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/policy", response=PolicyOut)
def get_policy(request: HttpRequest) -> object:
    """The return policy in force, with defaults filled in (version 0: the built-in default)."""
    return policy_in_force(store=_store(request))


@router.put("/policy", response={201: PolicyOut})
def put_policy(request: HttpRequest, payload: PolicyIn) -> Status:
    """Save a new version of the policy; returns asked from now on follow it."""
    row = policy_publish(
        store=_store(request), document=payload.document, note=payload.note, created_by="api"
    )
    return Status(201, policy_version_get(store=_store(request), version=row.version))


@router.get("/tiers", response=list[TierIO])
def get_tiers(request: HttpRequest) -> object:
    """The store's loyalty tiers, best first."""
    return loyalty_tiers(store=_store(request))


@router.put("/tiers", response=list[TierIO])
def put_tiers(request: HttpRequest, payload: TiersIn) -> object:
    """Replace the store's loyalty tiers."""
    return loyalty_tiers_set(store=_store(request), tiers=[TierSpec(**t.dict()) for t in payload.tiers])


@router.get("/{code}", response=ReturnOut)
def get_return(request: HttpRequest, code: str) -> object:
    """The return with its items and timeline."""
    return return_get(store=_store(request), code=code)


@router.post("/{code}/approve", response=ReturnOut)
def approve_return(request: HttpRequest, code: str, payload: ApproveIn) -> object:
    """Approve and create the reverse shipment (the carrier's tracking number, else `RET<code>`)."""
    ret = return_get(store=_store(request), code=code)
    return_approve(
        ret=ret, actor=_actor(request), carrier=payload.carrier, tracking_number=payload.tracking_number
    )
    return return_get(store=_store(request), code=code)


@router.post("/{code}/reject", response=ReturnOut)
def reject_return(request: HttpRequest, code: str, payload: RejectIn) -> object:
    ret = return_get(store=_store(request), code=code)
    return_reject(ret=ret, reason=payload.reason, actor=_actor(request))
    return return_get(store=_store(request), code=code)


@router.post("/{code}/receive", response=ReturnOut)
def receive_return(request: HttpRequest, code: str) -> object:
    ret = return_get(store=_store(request), code=code)
    return_receive(ret=ret, actor=_actor(request))
    return return_get(store=_store(request), code=code)


@router.post("/{code}/inspect", response=ReturnOut)
def inspect_return(request: HttpRequest, code: str, payload: InspectIn) -> object:
    """Grade every item; restocked items are counted in stock at once."""
    ret = return_get(store=_store(request), code=code)
    return_inspect(
        ret=ret,
        inspections=[ItemInspected(i.item_id, i.grade, i.disposition, i.location) for i in payload.items],
        actor=_actor(request),
    )
    return return_get(store=_store(request), code=code)


@router.post("/{code}/resolve", response=ReturnOut)
def resolve_return(request: HttpRequest, code: str, payload: ResolveIn) -> object:
    """Refund, credit or exchange, once: a repeat answers the return as resolved."""
    ret = return_get(store=_store(request), code=code)
    if payload.resolution:
        return_resolution_set(ret=ret, resolution=payload.resolution)
    return_resolve(ret=ret, actor=_actor(request), payout_details=payload.payout_details)
    return return_get(store=_store(request), code=code)
