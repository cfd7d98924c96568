"""/api/v1/risk/policy (read the policy in force, PUT a new version) and /api/v1/orders/<id>/verifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Body, Field, Query, Router, Schema, Status

from wasl.orders.selectors import order_get
from wasl.risk.policy_models import OrderVerification, PolicyDecision, RiskPolicy
from wasl.risk.policy_services import policy_in_force, policy_version_create

policy_router = Router(tags=["risk"])
verifications_router = Router(tags=["risk"])


class PolicyOut(Schema):
    version: int
    active: bool
    created_by: str
    note: str
    created_at: datetime
    document: dict[str, Any] = Field(..., description="the policy; see docs/rto-prevention.md for its shape")


class PutQuery(Schema):
    activate: bool = True
    note: str = Field(default="", max_length=300)


def _policy(row: RiskPolicy) -> dict[str, Any]:
    return {
        "version": row.version,
        "active": row.active,
        "created_by": row.created_by,
        "note": row.note,
        "created_at": row.created_at,
        "document": row.document,
    }


@policy_router.get("", response=PolicyOut)
def policy_read(request: HttpRequest) -> dict[str, Any]:
    """The policy in force (a store that never set one has the default, as version 1)."""
    row, _ = policy_in_force(request.auth)  # type: ignore[attr-defined]
    return _policy(row)


@policy_router.put("", response={201: PolicyOut})
def policy_put(request: HttpRequest, query: Query[PutQuery], document: Body[dict[str, Any]]) -> Status:
    """Keep the body as the next version (in force unless `?activate=false`). An invalid policy is a 400
    `invalid_policy` whose `details` list every problem: `path`, `code`, `message`."""
    store = request.auth  # type: ignore[attr-defined]
    row = policy_version_create(
        store=store, document=document, created_by="api", note=query.note, activate=query.activate
    )
    return Status(201, _policy(row))


class VerificationOut(Schema):
    id: int
    kind: str
    state: str
    blocking: bool
    channel: str
    params: dict[str, Any]
    answer: dict[str, Any]
    sent_at: datetime | None
    reminders_sent: int
    next_reminder_at: datetime | None
    deadline_at: datetime | None
    resolved_at: datetime | None
    resolved_by: str


class DecisionOut(Schema):
    policy_version: int
    rule: str
    band: str
    score: float
    actions: list[dict[str, Any]]
    holdout: bool
    state: str
    state_reason: str
    decided_at: datetime


class OrderVerificationsOut(Schema):
    order_id: str
    decision: DecisionOut | None
    verifications: list[VerificationOut]


@verifications_router.get("/orders/{external_id}/verifications", response=OrderVerificationsOut)
def order_verifications(request: HttpRequest, external_id: str) -> dict[str, Any]:
    """What the policy decided for the order and what its buyer was asked (404 for another store's order)."""
    order = order_get(store=request.auth, external_id=external_id)  # type: ignore[attr-defined]
    decision = PolicyDecision.objects.filter(order=order).select_related("policy").first()
    rows = OrderVerification.objects.filter(order=order).order_by("position", "id")
    return {
        "order_id": order.external_id,
        "decision": None
        if decision is None
        else {
            "policy_version": decision.policy.version,
            "rule": decision.rule_name,
            "band": decision.band,
            "score": decision.score,
            "actions": decision.actions,
            "holdout": decision.holdout,
            "state": decision.state,
            "state_reason": decision.state_reason,
            "decided_at": decision.decided_at,
        },
        "verifications": [
            {f: getattr(v, f) for f in VerificationOut.model_fields if f != "id"} | {"id": v.pk} for v in rows
        ],
    }
