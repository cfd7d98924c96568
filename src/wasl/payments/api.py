"""/api/v1/payment-links, /api/v1/orders/<id>/payment-link, /api/v1/refunds and /api/v1/orders/<id>/refunds."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from wasl.orders.selectors import order_get
from wasl.payments.refunds import refund_issue
from wasl.payments.schemas import (
    PaymentLinkCreatedOut,
    PaymentLinkIn,
    PaymentLinkOut,
    RefundCreatedOut,
    RefundIn,
    RefundOut,
)
from wasl.payments.selectors import payment_links_for, refund_get, refunds_for
from wasl.payments.services import payment_link_request

router = Router(tags=["payments"])


class OrderFilter(Schema):
    order: str | None = None


def _key(request: HttpRequest, given: str) -> str:
    return given or request.headers.get("Idempotency-Key", "")[:200]


@router.get("/payment-links", response=list[PaymentLinkOut])
def list_payment_links(request: HttpRequest, filters: Query[OrderFilter]) -> object:
    """Newest first; `?order=<external id>` for one order's links."""
    return payment_links_for(store=request.auth, order_external_id=filters.order)  # type: ignore[attr-defined]


@router.post(
    "/orders/{external_id}/payment-link", response={200: PaymentLinkCreatedOut, 201: PaymentLinkCreatedOut}
)
def create_payment_link(request: HttpRequest, external_id: str, payload: PaymentLinkIn) -> Status:
    """The order's payment link: made once per order and purpose (or idempotency key), given back after that."""
    order = order_get(store=request.auth, external_id=external_id)  # type: ignore[attr-defined]
    outcome = payment_link_request(
        order=order,
        provider=payload.provider,
        discount=payload.discount,
        purpose=payload.purpose,
        idempotency_key=_key(request, payload.idempotency_key),
        notify=payload.notify,
        callback_url=payload.callback_url,
    )
    code, result = (201, "created") if outcome.created else (200, "exists")
    return Status(code, {"result": result, "link": outcome.link})


@router.get("/refunds", response=list[RefundOut])
def list_refunds(request: HttpRequest, filters: Query[OrderFilter]) -> object:
    return refunds_for(store=request.auth, order_external_id=filters.order)  # type: ignore[attr-defined]


@router.get("/refunds/{refund_id}", response=RefundOut)
def get_refund(request: HttpRequest, refund_id: int) -> object:
    return refund_get(store=request.auth, refund_id=refund_id)  # type: ignore[attr-defined]


@router.post("/orders/{external_id}/refunds", response={200: RefundCreatedOut, 201: RefundCreatedOut})
def create_refund(request: HttpRequest, external_id: str, payload: RefundIn) -> Status:
    """Refund once per idempotency key (body or `Idempotency-Key` header); the same request again gives the
    same refund back."""
    order = order_get(store=request.auth, external_id=external_id)  # type: ignore[attr-defined]
    outcome = refund_issue(
        order=order,
        amount=payload.amount,
        reason=payload.reason,
        provider=payload.provider,
        payout_details=payload.payout_details,
        idempotency_key=_key(request, payload.idempotency_key),
        requested_by="api",
    )
    code, result = (201, "created") if outcome.created else (200, "exists")
    return Status(code, {"result": result, "refund": outcome.refund})
