"""Reads for the console's order queue and order page: orders with their score, decision and pending checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from wasl.core.errors import NotFound
from wasl.orders.models import Order, OrderEvent
from wasl.risk.policy_models import OrderVerification, PolicyDecision, VerificationState
from wasl.risk.reasons import as_words
from wasl.stores.models import Store

BANDS = ("low", "medium", "high")
STATES = ("approved", "awaiting", "held", "cancelled")
TOP_REASONS = 3


def orders_for_review(
    *, store: Store, band: str = "", state: str = "", pending: bool = False
) -> QuerySet[Order]:
    """The store's orders, newest first, with score, decision and pending verifications loaded."""
    waiting = OrderVerification.objects.filter(order=OuterRef("pk"), state=VerificationState.PENDING)
    orders = (
        Order.objects.filter(store=store)
        .select_related("customer", "risk_score", "policy_decision")
        .annotate(has_pending=Exists(waiting))
        .prefetch_related(
            Prefetch(
                "verifications",
                queryset=OrderVerification.objects.filter(state=VerificationState.PENDING).order_by(
                    "position"
                ),
                to_attr="pending_verifications",
            )
        )
        .order_by("-placed_at", "-id")
    )
    if band in BANDS:
        orders = orders.filter(risk_score__band=band)
    if state in STATES:
        orders = orders.filter(policy_decision__state=state)
    if pending:
        orders = orders.filter(has_pending=True)
    return orders


def top_reasons(order: Order, language: str, limit: int = TOP_REASONS) -> list[dict[str, Any]]:
    score = getattr(order, "risk_score", None)
    if score is None:
        return []
    return as_words(list(score.reasons)[:limit], language)


@dataclass(frozen=True)
class OrderReview:
    order: Order
    decision: PolicyDecision | None
    verifications: list[OrderVerification]
    events: list[OrderEvent]


def order_review(*, store: Store, order_id: int) -> OrderReview:
    order = (
        Order.objects.filter(store=store, pk=order_id)
        .select_related("customer", "shipping_address", "risk_score")
        .first()
    )
    if order is None:
        raise NotFound("no such order", code="order_not_found")
    decision = PolicyDecision.objects.filter(order=order).select_related("policy").first()
    verifications = list(OrderVerification.objects.filter(order=order).order_by("position", "id"))
    events = list(OrderEvent.objects.filter(order=order).order_by("-occurred_at", "-id")[:200])
    return OrderReview(order, decision, verifications, events)


def verification_get(*, store: Store, order: Order, verification_id: int) -> OrderVerification:
    found = (
        OrderVerification.objects.filter(store=store, order=order, pk=verification_id)
        .select_related("order")
        .first()
    )
    if found is None:
        raise NotFound("no such verification", code="verification_not_found")
    return found
