"""What the policy does with an order once it is scored: the rule that matches, the holdout draw, the
verifications to send. Called inside the transaction that stores the score; the sending itself is a task
queued in that same transaction (its row is in the same database), so a decision never exists without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from wasl.orders.models import Order, OrderEventKind, OrderStatus
from wasl.orders.services import order_event_add
from wasl.risk.holdout import holdout_draw, holdout_secret, is_held_out
from wasl.risk.policy import (
    BUYER_ACTIONS,
    DELIVERY_SLOT,
    HOLD,
    PREPAID_NUDGE,
    OrderFacts,
    Policy,
    Rule,
    rule_for,
)
from wasl.risk.policy_facts import facts_as_data, known_about, order_facts
from wasl.risk.policy_models import DecisionState, OrderVerification, PolicyDecision, RiskPolicy
from wasl.risk.policy_services import policy_in_force

# Buyer actions the order does not wait for: a slot is a preference and paying online an offer.
NOT_BLOCKING = frozenset({DELIVERY_SLOT, PREPAID_NUDGE})


@dataclass(frozen=True)
class Plan:
    """What a policy would do with one order (pure: replay uses the same)."""

    rule: Rule
    eligible: bool
    holdout: bool
    state: str
    actions: tuple[str, ...]  # what is actually done (empty for a holdout order)


def plan_for(policy: Policy, facts: OrderFacts, draw: float) -> Plan:
    rule = rule_for(policy, facts)
    eligible = rule.intervenes and rule.holdout and policy.holdout_share > 0
    held_out = eligible and is_held_out(draw, policy.holdout_share)
    done = () if held_out or not rule.intervenes else tuple(a.type for a in rule.actions)
    if HOLD in done:
        state = DecisionState.HELD
    elif any(kind in BUYER_ACTIONS and kind not in NOT_BLOCKING for kind in done):
        state = DecisionState.AWAITING
    else:
        state = DecisionState.APPROVED
    return Plan(rule, eligible, held_out, state, done)


def timeline_note(order: Order, message: str, data: dict[str, object], at: datetime | None = None) -> None:
    """One line on the order's timeline from the policy and its flows (kind `note`, `data.source` policy)."""
    order_event_add(
        order=order, kind=OrderEventKind.NOTE, message=message[:500], data={"source": "policy", **data}, at=at
    )


def order_decide(*, order: Order, band: str, score: float) -> PolicyDecision | None:
    """Decide once per order (a rescored order keeps its decision); None for an order no longer pending."""
    existing = PolicyDecision.objects.filter(order=order).first()
    if existing is not None or order.status != OrderStatus.PENDING:
        return existing
    store = order.store
    row, policy = policy_in_force(store)
    known, _ = known_about(store, [order.pk])
    facts = order_facts(order, known[order.external_id], band=band, score=score)
    draw = holdout_draw(holdout_secret(store), order.external_id)
    plan = plan_for(policy, facts, draw)
    return _record(order, row, plan, facts, draw)


def _record(order: Order, row: RiskPolicy, plan: Plan, facts: OrderFacts, draw: float) -> PolicyDecision:
    now = timezone.now()
    rule = plan.rule
    decision = PolicyDecision.objects.create(
        store_id=order.store_id,
        order=order,
        policy=row,
        rule_index=rule.index,
        rule_name=rule.name,
        band=facts.band,
        score=facts.score,
        facts=facts_as_data(facts),
        actions=[a.as_dict() for a in rule.actions] if rule.intervenes else [],
        eligible=plan.eligible,
        holdout=plan.holdout,
        holdout_bucket=round(draw, 6) if plan.eligible else None,
        state=plan.state,
        state_reason=_reason(plan),
        decided_at=now,
    )
    asked = [a for a in rule.actions if a.type in plan.actions and a.type in BUYER_ACTIONS]
    OrderVerification.objects.bulk_create(
        OrderVerification(
            store_id=order.store_id,
            order=order,
            decision=decision,
            kind=action.type,
            position=position,
            blocking=action.type not in NOT_BLOCKING,
            params=action.params,
        )
        for position, action in enumerate(asked)
    )
    timeline_note(
        order,
        _summary(row, plan),
        {
            "type": "policy_decision",
            "policy_version": row.version,
            "rule": rule.name,
            "actions": list(plan.actions),
            "holdout": plan.holdout,
            "state": plan.state,
        },
        at=now,
    )
    if asked:
        from wasl.risk.policy_tasks import policy_advance

        policy_advance.enqueue(order.pk)
    return decision


def _reason(plan: Plan) -> str:
    if plan.holdout:
        return "holdout: no action, to measure the policy's effect"
    if plan.state == DecisionState.HELD:
        held = next((a for a in plan.rule.actions if a.type == HOLD), None)
        return str(held.params.get("reason") or "held for review by the policy") if held else ""
    return ""


def _summary(row: RiskPolicy, plan: Plan) -> str:
    rule = f"rule “{plan.rule.name}”" if plan.rule.index >= 0 else "no rule matched"
    if plan.holdout:
        done = "held out: no action (measuring " + ", ".join(a.type for a in plan.rule.actions) + ")"
    elif plan.actions:
        done = "actions: " + ", ".join(plan.actions)
    else:
        done = "approved"
    return f"Policy v{row.version}, {rule}: {done}"
