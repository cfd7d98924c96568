"""Decisions on arrival: once per order, holdout stored and deterministic, holds, and uplift from the database."""

from __future__ import annotations

import pytest
from policy_helpers import (
    arrive,
    confirm_everything,
    decision,
    flow_store,
    notes,
    run_policy_tasks,
    with_policy,
)

from wasl.orders.services import order_status_set
from wasl.risk.holdout import holdout_draw, holdout_secret, uplift_report
from wasl.risk.policy_models import OrderVerification, PolicyDecision
from wasl.risk.services import risk_score_order

pytestmark = pytest.mark.django_db
__all__ = ["flow_store"]


def test_half_held_out_by_the_stored_draw(flow_store) -> None:  # type: ignore[no-untyped-def]
    with_policy(flow_store, confirm_everything({"type": "cod_confirmation"}, share=0.5))
    orders = [arrive(flow_store, str(9000 + n)) for n in range(40)]
    secret = holdout_secret(flow_store)
    for order in orders:
        made = decision(order)
        draw = holdout_draw(secret, order.external_id)
        assert made.eligible and made.holdout == (draw < 0.5)
        assert made.holdout_bucket == round(draw, 6)
        assert made.actions == [
            {
                "type": "cod_confirmation",
                "reminders_after_hours": [4, 20],
                "cancel_after_hours": 24,
                "on_no_answer": "cancel",
            }
        ]
        asked = OrderVerification.objects.filter(order=order).count()
        assert (made.state, asked) == (("approved", 0) if made.holdout else ("awaiting", 1))
    held = sum(decision(o).holdout for o in orders)
    assert 0 < held < 40
    [note] = notes(orders[0], "policy_decision")
    assert note.data["holdout"] == decision(orders[0]).holdout


def test_a_rescored_order_keeps_its_decision(flow_store) -> None:  # type: ignore[no-untyped-def]
    with_policy(flow_store, confirm_everything({"type": "cod_confirmation"}))
    order = arrive(flow_store)
    first = decision(order)
    with_policy(flow_store, confirm_everything({"type": "hold"}))
    from wasl.risk.models import RiskScore

    RiskScore.objects.filter(order=order).update(order_hash="changed")
    risk_score_order(order_id=order.pk)
    assert PolicyDecision.objects.filter(order=order).get().pk == first.pk
    assert OrderVerification.objects.filter(order=order).count() == 1


def test_hold_waits_for_a_person_and_approve_rule_asks_nothing(flow_store) -> None:  # type: ignore[no-untyped-def]
    with_policy(
        flow_store,
        {
            "rules": [
                {
                    "name": "big",
                    "when": {"order_value_at_least": 1000},
                    "actions": [{"type": "hold", "reason": "big basket"}],
                },
                {"name": "rest", "when": {}, "actions": [{"type": "approve"}]},
            ]
        },
    )
    from decimal import Decimal

    big = arrive(flow_store, "9101", total=Decimal("1500.00"))
    small = arrive(flow_store, "9102")
    assert (decision(big).state, decision(big).state_reason, decision(big).rule_name) == (
        "held",
        "big basket",
        "big",
    )
    assert (decision(small).state, decision(small).eligible, decision(small).actions) == (
        "approved",
        False,
        [],
    )
    assert run_policy_tasks() == []


def test_uplift_from_stored_decisions(flow_store) -> None:  # type: ignore[no-untyped-def]
    with_policy(flow_store, confirm_everything({"type": "cod_confirmation"}, share=0.5))
    orders = [arrive(flow_store, str(9200 + n)) for n in range(12)]
    for n, order in enumerate(orders):
        order_status_set(order=order, status="rto" if n % 3 == 0 else "delivered", reason="test")
    [line] = uplift_report(store=flow_store)
    held = [o for o in orders if decision(o).holdout]
    treated = [o for o in orders if not decision(o).holdout]
    assert (line.action, line.holdout, line.treated) == ("cod_confirmation", len(held), len(treated))
    assert line.holdout_rto == sum(orders.index(o) % 3 == 0 for o in held)
    assert line.treated_rto == sum(orders.index(o) % 3 == 0 for o in treated)
