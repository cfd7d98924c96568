"""What a return policy would have decided on the store's past returns, next to what was decided then.

For each return: would it have been accepted (the window, returnable categories, reasons), approved at once or
left to a person, with which fee, a free pickup, a refund at the first carrier scan. The buyer's loyalty tier
is the one recorded when the return was asked (a tier depends on the history at that moment, which later
orders have changed); the serial-returner guard is counted again from the buyer's returns in the 90 days
before each return, with the replayed policy's limit. Nothing is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from wasl.returns.models import ReturnMethod, ReturnRequest, ReturnState
from wasl.returns.policy import PolicyInForce, policy_validate, policy_version_get
from wasl.returns.services import SERIAL_WINDOW, delivered_at
from wasl.stores.models import Store

EARLY_RESOLUTIONS = ("refund", "credit")


@dataclass(frozen=True)
class Decision:
    accepted: bool
    refused_because: str  # a stable code when not accepted, as return_create would answer
    auto_approve: bool
    window_days: int  # the shortest window among the return's items
    fee: Decimal
    free_pickup: bool
    first_scan_refund: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "refused_because": self.refused_because,
            "auto_approve": self.auto_approve,
            "window_days": self.window_days,
            "fee": str(self.fee),
            "free_pickup": self.free_pickup,
            "first_scan_refund": self.first_scan_refund,
        }


@dataclass(frozen=True)
class ReplayRow:
    code: str
    order: str
    asked_at: datetime
    tier: str
    state: str
    currency: str
    then: Decision
    would: Decision

    @property
    def changed(self) -> bool:
        return self.then != self.would

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "order": self.order,
            "asked_at": self.asked_at.isoformat(),
            "tier": self.tier,
            "state": self.state,
            "currency": self.currency,
            "then": self.then.as_dict(),
            "would": self.would.as_dict(),
            "changed": self.changed,
        }


@dataclass
class ReplayReport:
    policy_version: int | None  # None: a policy file not kept as a version
    rows: list[ReplayRow] = field(default_factory=list)

    def totals(self) -> dict[str, Any]:
        def count(side: str, name: str) -> int:
            return sum(1 for r in self.rows if getattr(getattr(r, side), name))

        fees: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"then": Decimal(0), "would": Decimal(0)})
        for r in self.rows:
            if r.then.accepted:
                fees[r.currency]["then"] += r.then.fee
            if r.would.accepted:
                fees[r.currency]["would"] += r.would.fee
        refused = Counter(r.would.refused_because for r in self.rows if not r.would.accepted)
        return {
            "returns": len(self.rows),
            "changed": sum(1 for r in self.rows if r.changed),
            "accepted": {"then": count("then", "accepted"), "would": count("would", "accepted")},
            "refused_by_reason": dict(sorted(refused.items())),
            "auto_approved": {"then": count("then", "auto_approve"), "would": count("would", "auto_approve")},
            "free_pickups": {"then": count("then", "free_pickup"), "would": count("would", "free_pickup")},
            "first_scan_refunds": {
                "then": count("then", "first_scan_refund"),
                "would": count("would", "first_scan_refund"),
            },
            "fees": {c: {k: str(v) for k, v in sides.items()} for c, sides in sorted(fees.items())},
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy_version": self.policy_version,
            "totals": self.totals(),
            "returns": [r.as_dict() for r in self.rows],
        }


def _serial(ret: ReturnRequest, limit: int | None) -> bool:
    if limit is None or ret.customer_id is None:
        return False
    earlier = (
        ReturnRequest.objects.filter(
            store_id=ret.store_id,
            customer_id=ret.customer_id,
            created_at__gte=ret.created_at - SERIAL_WINDOW,
            created_at__lt=ret.created_at,
        )
        .exclude(state=ReturnState.REJECTED)
        .count()
    )
    return earlier >= limit


def decide(ret: ReturnRequest, policy: PolicyInForce, since_delivery: timedelta) -> Decision:
    """The policy's decisions for this return as it was asked (its items, tier, method and resolution)."""
    items = list(ret.items.all())
    tier = ret.tier
    windows = [policy.window_days(tier=tier, category=i.category) for i in items] or [0]
    refused = ""
    for item in items:
        if not policy.is_returnable(item.category):
            refused = "not_returnable"
        elif since_delivery > timedelta(days=policy.window_days(tier=tier, category=item.category)):
            refused = "return_window_closed"
        elif item.reason not in policy.reasons_for(item.category):
            refused = "invalid_reason"
        if refused:
            break
    serial = _serial(ret, policy.serial_limit)
    rule = policy.document["auto_approve"]
    value = sum((i.unit_price * i.quantity for i in items), Decimal(0))
    auto = (
        not refused
        and not serial
        and (tier in rule["tiers"] or "*" in rule["tiers"])
        and (rule["max_value"] is None or value <= Decimal(str(rule["max_value"])))
        and (not rule["reasons"] or {i.reason for i in items} <= set(rule["reasons"]))
    )
    return Decision(
        accepted=not refused,
        refused_because=refused,
        auto_approve=bool(auto),
        window_days=min(windows),
        fee=policy.fee_for(tier),
        free_pickup=ret.method == ReturnMethod.PICKUP and policy.tier_in("free_pickup_tiers", tier),
        first_scan_refund=policy.tier_in("refund_at_first_scan_tiers", tier)
        and not serial
        and ret.resolution in EARLY_RESOLUTIONS,
    )


def _then(ret: ReturnRequest, policy_then: PolicyInForce) -> Decision:
    """What was decided: from the return's own record, the window from the version it was asked under."""
    auto = any(e.kind == "approved" and e.actor == "policy" for e in ret.events.all())
    windows = [policy_then.window_days(tier=ret.tier, category=i.category) for i in ret.items.all()] or [0]
    return Decision(
        accepted=True,
        refused_because="",
        auto_approve=auto,
        window_days=min(windows),
        fee=ret.fee,
        free_pickup=ret.free_pickup,
        first_scan_refund=ret.refund_at_first_scan,
    )


def return_policy_replay(
    *, store: Store, document: object, policy_version: int | None = None, since: datetime | None = None
) -> ReplayReport:
    """Replay `document` (validated first: `invalid_policy`) over the store's returns asked since `since`."""
    policy = PolicyInForce(policy_version or 0, policy_validate(document))
    returns = (
        ReturnRequest.objects.filter(store=store)
        .select_related("order")
        .prefetch_related("items", "events")
        .order_by("created_at", "pk")
    )
    if since is not None:
        returns = returns.filter(created_at__gte=since)
    versions: dict[int, PolicyInForce] = {}
    report = ReplayReport(policy_version=policy_version)
    for ret in returns.iterator(chunk_size=500):
        if ret.policy_version not in versions:
            versions[ret.policy_version] = policy_version_get(store=store, version=ret.policy_version)
        report.rows.append(
            ReplayRow(
                code=ret.code,
                order=ret.order.number or ret.order.external_id,
                asked_at=ret.created_at,
                tier=ret.tier,
                state=ret.state,
                currency=ret.currency,
                then=_then(ret, versions[ret.policy_version]),
                would=decide(ret, policy, ret.created_at - delivered_at(ret.order)),
            )
        )
    return report


def _flags(d: Decision) -> str:
    if not d.accepted:
        return f"refused ({d.refused_because})"
    parts = ["auto" if d.auto_approve else "manual", f"{d.window_days}d", f"fee {d.fee}"]
    if d.free_pickup:
        parts.append("free pickup")
    if d.first_scan_refund:
        parts.append("first-scan refund")
    return ", ".join(parts)


def replay_text(report: ReplayReport) -> str:
    """One line per return (then -> would, marked * when different), then the totals."""
    name = f"v{report.policy_version}" if report.policy_version is not None else "the file"
    lines = [f"Return policy {name} replayed over {len(report.rows)} returns"]
    for r in report.rows:
        mark = "*" if r.changed else " "
        lines.append(
            f"{mark} {r.code} order {r.order} {r.asked_at:%Y-%m-%d} tier {r.tier or '-'} [{r.state}]: "
            f"{_flags(r.then)} -> {_flags(r.would)}"
        )
    t = report.totals()
    lines += [
        "",
        f"changed: {t['changed']} of {t['returns']}",
        f"accepted: {t['accepted']['then']} -> {t['accepted']['would']}"
        + (
            f" (refused: {', '.join(f'{k} {v}' for k, v in t['refused_by_reason'].items())})"
            if t["refused_by_reason"]
            else ""
        ),
        f"auto-approved: {t['auto_approved']['then']} -> {t['auto_approved']['would']}",
        f"free pickups: {t['free_pickups']['then']} -> {t['free_pickups']['would']}",
        f"first-scan refunds: {t['first_scan_refunds']['then']} -> {t['first_scan_refunds']['would']}",
    ]
    lines += [f"fees {c}: {sides['then']} -> {sides['would']}" for c, sides in t["fees"].items()]
    return "\n".join(lines)
