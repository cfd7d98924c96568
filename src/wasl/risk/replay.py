"""`wasl policy replay`: what a policy would have done with past orders, and what that would have cost.

Each past order is scored as the model in service scores it, with what was known when it was placed, and goes
through the same rule matching and holdout draw as a live order (`decisions.plan_for`). The costs are
estimates, each stated with where its figure comes from:

- messages: one per verification, plus every reminder the policy allows (an upper bound: buyers who answer
  get no reminder), at the store's average cost per WhatsApp message over the last 30 days, else unknown;
- discounts: the prepaid offers' discounts if every buyer offered one paid (an upper bound);
- returns avoided: the orders' predicted RTOs (the sum of their scores) times the action's relative reduction
  in RTO rate, measured by the holdout when it has enough settled orders in both groups, else the stated
  assumption; valued at forward shipping plus the return leg (risk settings, else shares of the median order).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Avg
from django.utils import timezone

from wasl.messaging.models import Message, MessageDirection
from wasl.orders.models import Order, OrderStatus
from wasl.risk.decisions import plan_for
from wasl.risk.evaluation import costs_for
from wasl.risk.holdout import holdout_draw, holdout_secret, uplift_report
from wasl.risk.policy import BUYER_ACTIONS, PREPAID_NUDGE, Policy
from wasl.risk.policy_facts import known_about, order_facts
from wasl.stores.models import Store

CHUNK = 2000
MIN_MEASURED = 30  # settled orders needed in each group before a measured uplift is used


@dataclass
class ActionLine:
    action: str
    orders: int = 0
    predicted_rtos: float = 0.0
    actual_rtos: int = 0  # how many of these orders did come back, as it happened
    messages_at_most: int = 0
    discounts_at_most: Decimal = Decimal(0)
    reduction: float = 0.0
    reduction_source: str = ""
    rtos_avoided: float = 0.0


@dataclass
class ReplayReport:
    orders: int = 0
    since: datetime | None = None
    currency: str = ""
    by_rule: Counter[str] = field(default_factory=Counter)
    by_state: Counter[str] = field(default_factory=Counter)
    holdout: int = 0
    actions: dict[str, ActionLine] = field(default_factory=dict)
    message_cost: Decimal | None = None
    message_cost_currency: str = ""
    rto_cost: float = 0.0
    rto_cost_source: str = ""

    @property
    def messages_at_most(self) -> int:
        return sum(line.messages_at_most for line in self.actions.values())

    @property
    def discounts_at_most(self) -> Decimal:
        return sum((line.discounts_at_most for line in self.actions.values()), Decimal(0))

    @property
    def rtos_avoided(self) -> float:
        return sum(line.rtos_avoided for line in self.actions.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "orders": self.orders,
            "since": self.since.isoformat() if self.since else None,
            "currency": self.currency,
            "by_rule": dict(self.by_rule),
            "by_state": dict(self.by_state),
            "holdout": self.holdout,
            "actions": {
                name: {
                    "orders": line.orders,
                    "predicted_rtos": round(line.predicted_rtos, 2),
                    "actual_rtos": line.actual_rtos,
                    "messages_at_most": line.messages_at_most,
                    "discounts_at_most": str(line.discounts_at_most),
                    "reduction": round(line.reduction, 4),
                    "reduction_source": line.reduction_source,
                    "rtos_avoided": round(line.rtos_avoided, 2),
                }
                for name, line in self.actions.items()
            },
            "messages_at_most": self.messages_at_most,
            "message_cost": str(self.message_cost) if self.message_cost is not None else None,
            "message_cost_currency": self.message_cost_currency,
            "discounts_at_most": str(self.discounts_at_most),
            "rto_cost": self.rto_cost,
            "rto_cost_source": self.rto_cost_source,
            "rtos_avoided": round(self.rtos_avoided, 2),
            "rto_cost_avoided": round(self.rtos_avoided * self.rto_cost, 2),
        }


def _message_cost(store: Store) -> tuple[Decimal | None, str]:
    since = timezone.now() - timedelta(days=30)
    sent = Message.objects.filter(
        store=store, direction=MessageDirection.OUTBOUND, channel="whatsapp", created_at__gte=since
    ).exclude(cost__isnull=True)
    row = sent.values("currency").annotate(cost=Avg("cost")).order_by("-cost").first()
    if row is None or row["cost"] is None:
        return None, ""
    return Decimal(row["cost"]).quantize(Decimal("0.0001")), str(row["currency"])


def _reductions(store: Store, assumed: float) -> dict[str, tuple[float, str]]:
    found: dict[str, tuple[float, str]] = {}
    for line in uplift_report(store=store):
        rates = (line.treated_rate, line.holdout_rate)
        if line.treated >= MIN_MEASURED and line.holdout >= MIN_MEASURED and rates[1]:
            reduction = max(0.0, 1 - (rates[0] or 0) / rates[1])
            found[line.action] = (
                reduction,
                f"measured: {line.treated_rto}/{line.treated} treated vs {line.holdout_rto}/{line.holdout} held out",
            )
    return {a: found.get(a, (assumed, f"assumed {assumed:.0%}")) for a in BUYER_ACTIONS} | found


def policy_replay(
    *, store: Store, policy: Policy, since: datetime | None = None, assumed_reduction: float = 0.25
) -> ReplayReport:
    """Replay `policy` over the store's orders placed since `since` (every order when None)."""
    orders = Order.objects.filter(store=store).select_related("store")
    if since is not None:
        orders = orders.filter(placed_at__gte=since)
    ids = list(orders.order_by("placed_at", "id").values_list("id", flat=True))
    report = ReplayReport(since=since, currency=store.currency)
    secret = holdout_secret(store)
    reductions = _reductions(store, assumed_reduction)
    totals: list[float] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        known, scored = known_about(store, chunk, with_scores=True)
        for order in orders.filter(pk__in=chunk).order_by("placed_at", "id"):
            score = scored.get(order.external_id)
            if score is None:
                continue
            facts = order_facts(order, known[order.external_id], band=score.band, score=score.score)
            plan = plan_for(policy, facts, holdout_draw(secret, order.external_id))
            report.orders += 1
            totals.append(float(order.total))
            report.by_rule[plan.rule.name or "(no rule: approve)"] += 1
            report.by_state["holdout" if plan.holdout else plan.state] += 1
            report.holdout += plan.holdout
            params = {a.type: a.params for a in plan.rule.actions}
            for action in plan.actions:
                line = report.actions.setdefault(action, ActionLine(action))
                line.orders += 1
                line.predicted_rtos += score.score
                line.actual_rtos += order.status == OrderStatus.RTO
                if action in BUYER_ACTIONS:
                    line.messages_at_most += 1 + len(params[action].get("reminders_after_hours", []))
                if action == PREPAID_NUDGE:
                    percent = Decimal(str(params[action].get("discount_percent") or 0))
                    line.discounts_at_most += (order.total * percent / 100).quantize(Decimal("0.01"))
    costs = costs_for(store, typical_total=statistics.median(totals) if totals else 0.0)
    report.rto_cost = round(costs.shipping + costs.rto, 2)
    report.rto_cost_source = costs.source
    report.message_cost, report.message_cost_currency = _message_cost(store)
    for line in report.actions.values():
        line.reduction, line.reduction_source = reductions.get(line.action, (0.0, "not a buyer action"))
        line.rtos_avoided = line.predicted_rtos * line.reduction
    return report


def replay_text(report: ReplayReport) -> str:
    """The report as plain lines for the terminal."""
    out = [f"{report.orders} orders" + (f" placed since {report.since:%Y-%m-%d}" if report.since else "")]
    out.append("By rule:")
    out += [f"  {name}: {count}" for name, count in report.by_rule.most_common()]
    out.append("Outcome of the decision:")
    out += [f"  {state}: {count}" for state, count in report.by_state.most_common()]
    out.append("Actions (orders; predicted RTOs among them; RTOs that actually happened):")
    for line in report.actions.values():
        out.append(
            f"  {line.action}: {line.orders} orders; {line.predicted_rtos:.1f} predicted, "
            f"{line.actual_rtos} actual RTOs; RTO reduction {line.reduction:.0%} ({line.reduction_source}); "
            f"{line.rtos_avoided:.1f} RTOs avoided"
        )
    cost = (
        f"{report.message_cost} {report.message_cost_currency} each (last 30 days' average)"
        if report.message_cost is not None
        else "cost per message unknown (no priced WhatsApp message in the last 30 days)"
    )
    out.append(f"Messages: at most {report.messages_at_most} ({cost})")
    out.append(
        f"Discounts: at most {report.discounts_at_most:.2f} {report.currency} (if every buyer offered paid)"
    )
    avoided = report.rtos_avoided * report.rto_cost
    out.append(
        f"Returns avoided: {report.rtos_avoided:.1f} x {report.rto_cost:.2f} {report.currency} per RTO "
        f"({report.rto_cost_source}) = {avoided:.2f} {report.currency}"
    )
    return "\n".join(out)
