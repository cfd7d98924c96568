"""The holdout: a random share of the orders a policy would act on gets nothing, so each action's effect on
returns to origin is measured rather than assumed.

Assignment is deterministic: an HMAC of the order's external id under a secret of the store gives a number in
[0, 1); the order is held out when it falls below the policy's share. The same order always draws the same
number (a retried task, a replay), nobody outside the store can predict it, and the draw is stored with the
decision.

Uplift compares, per action, the orders that got it with the held-out orders that would have got it: the RTO
rate of each group among orders whose fate is known (delivered, returned, lost, RTO or cancelled), with a
95% Wilson interval for each rate and Newcombe's hybrid score interval (his method 10) for the difference.
Cancelled orders count as not returned: stopping an order that would have come back is what confirmation
is for, so the comparison is of everything assigned, as assigned.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from wasl.orders.models import OrderStatus
from wasl.stores.models import Store
from wasl.stores.selectors import secret_get
from wasl.stores.services import secret_set

HOLDOUT_SETTING = "risk.holdout_secret"  # the name of the store setting
Z95 = 1.959963984540054
SETTLED = frozenset(
    {
        OrderStatus.DELIVERED,
        OrderStatus.RTO,
        OrderStatus.RETURNED,
        OrderStatus.LOST,
        OrderStatus.CANCELLED,
    }
)


def holdout_secret(store: Store) -> str:
    """The store's secret for the draw, made on first need (kept encrypted with its other secrets)."""
    value = secret_get(store=store, key=HOLDOUT_SETTING)
    if value:
        return value
    secret_set(store=store, key=HOLDOUT_SETTING, value=secrets.token_hex(32), actor="wasl", source="risk")
    return secret_get(store=store, key=HOLDOUT_SETTING) or ""


def holdout_draw(secret: str, external_id: str) -> float:
    """A number in [0, 1) fixed by the secret and the order."""
    digest = hmac.new(secret.encode(), external_id.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def is_held_out(draw: float, share: float) -> bool:
    return draw < share


# --- uplift --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z95) -> Interval:
    """Wilson's score interval for a proportion; (0, 1) when there are no trials."""
    if trials == 0:
        return Interval(0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def newcombe(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> Interval:
    """Newcombe's hybrid score interval for p1 - p2, from each proportion's Wilson interval."""
    p1, p2 = (x1 / n1 if n1 else 0.0), (x2 / n2 if n2 else 0.0)
    a, b = wilson(x1, n1, z), wilson(x2, n2, z)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2)
    high = difference + math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2)
    return Interval(low, high)


@dataclass(frozen=True)
class Outcome:
    """One decided order: the actions its rule named, whether it was held out, and how it ended."""

    actions: tuple[str, ...]
    holdout: bool
    status: str


@dataclass(frozen=True)
class Uplift:
    action: str
    treated: int  # settled orders that got the action
    treated_rto: int
    holdout: int  # settled orders held out of it
    holdout_rto: int
    open_treated: int  # not settled yet
    open_holdout: int

    @property
    def treated_rate(self) -> float | None:
        return self.treated_rto / self.treated if self.treated else None

    @property
    def holdout_rate(self) -> float | None:
        return self.holdout_rto / self.holdout if self.holdout else None

    @property
    def difference(self) -> float | None:
        """Treated minus holdout RTO rate: negative means the action prevented returns."""
        if self.treated_rate is None or self.holdout_rate is None:
            return None
        return self.treated_rate - self.holdout_rate

    @property
    def interval(self) -> Interval | None:
        if not (self.treated and self.holdout):
            return None
        return newcombe(self.treated_rto, self.treated, self.holdout_rto, self.holdout)

    @property
    def significant(self) -> bool:
        interval = self.interval
        return interval is not None and (interval.high < 0 or interval.low > 0)


def uplift_of(outcomes: Iterable[Outcome]) -> list[Uplift]:
    """Per action (in the order actions first appear), treated against held out."""
    counts: dict[str, list[int]] = {}
    for outcome in outcomes:
        settled = outcome.status in SETTLED
        rto = outcome.status == OrderStatus.RTO
        for action in outcome.actions:
            row = counts.setdefault(action, [0, 0, 0, 0, 0, 0])
            base = 2 if outcome.holdout else 0
            if settled:
                row[base] += 1
                row[base + 1] += rto
            else:
                row[4 + outcome.holdout] += 1
    return [Uplift(action, *row) for action, row in counts.items()]


def uplift_report(*, store: Store, since: datetime | None = None) -> list[Uplift]:
    """The store's measured uplift per action, over orders decided since `since` (all when None)."""
    from wasl.risk.policy_models import PolicyDecision

    decisions = PolicyDecision.objects.filter(store=store, eligible=True)
    if since is not None:
        decisions = decisions.filter(decided_at__gte=since)
    outcomes = (
        Outcome(tuple(str(a.get("type")) for a in actions if isinstance(a, dict)), holdout, status)
        for actions, holdout, status in decisions.values_list("actions", "holdout", "order__status").iterator(
            chunk_size=2000
        )
    )
    return uplift_of(outcomes)
