"""How a shipped parcel's story ends: delivered (maybe after failed attempts), returned, sent back, or lost."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from wasl.demo import _risk
from wasl.demo.journey import Journey, attempt, go_back, lose, next_round
from wasl.demo.returns import return_reason
from wasl.demo.types import Outcome
from wasl.shipping.status import NdrReason, ShipmentStatus

S = ShipmentStatus
_EARLY_REFUSAL_SHARE = 0.03  # a refusal rarely gets a second visit, so earlier attempts seldom are one


@dataclass(frozen=True, slots=True)
class Fate:
    outcome: Outcome
    outcome_at: datetime
    delivered_at: datetime | None = None
    first_attempt_at: datetime | None = None
    rto_reason: str = ""
    return_reason: str = ""


def play_out(
    rng: random.Random,
    journey: Journey,
    *,
    placed_at: datetime,
    signals: _risk.OrderSignals,
    return_weight: float,
    categories: tuple[str, ...],
) -> Fate:
    """Scans after arrival at the delivery station, appended to `journey`, and the outcome they lead to."""
    assert journey.arrived_at is not None
    market = journey.route.market
    if rng.random() < journey.route.carrier.lost_share:
        return Fate(Outcome.LOST, lose(rng, journey))
    first_round = next_round(rng, market, journey.arrived_at)
    offset = timedelta(minutes=market.utc_offset_minutes)
    days = ((first_round + offset).date() - (placed_at + offset).date()).days
    signals.days_to_first_attempt = days
    rto_probability = _risk.sigmoid(_risk.rto_logit(signals))
    if rng.random() < rto_probability:
        return _return_to_origin(rng, journey, first_round, signals)
    return _deliver(rng, journey, first_round, signals, rto_probability, return_weight, categories)


def _return_to_origin(
    rng: random.Random, journey: Journey, first_round: datetime, signals: _risk.OrderSignals
) -> Fate:
    path = _risk.rto_path(rng, cod=signals.cod)
    if path == "before_attempt":
        assert journey.arrived_at is not None
        reason = _risk.pre_attempt_reason(
            rng, address_quality=signals.address_quality, remote_city=signals.remote_city
        )
        started = journey.arrived_at + timedelta(hours=rng.uniform(4.0, 30.0))
        return Fate(Outcome.RTO, go_back(rng, journey, _whole_seconds(started), reason), rto_reason=reason)
    if path == "door_refusal":
        door = attempt(rng, journey, first_round)
        back = go_back(rng, journey, door, NdrReason.REFUSED.value)
        return Fate(Outcome.RTO, back, first_attempt_at=first_round, rto_reason=NdrReason.REFUSED.value)
    count = _risk.failed_attempt_count(rng, rto=True, reattempt_skill=journey.route.carrier.reattempt_skill)
    door, reason = _fail(rng, journey, first_round, signals, count, last_is_final=True)
    started = _whole_seconds(door + timedelta(hours=rng.uniform(2.0, 20.0)))
    return Fate(
        Outcome.RTO, go_back(rng, journey, started, reason), first_attempt_at=first_round, rto_reason=reason
    )


def _deliver(
    rng: random.Random,
    journey: Journey,
    first_round: datetime,
    signals: _risk.OrderSignals,
    rto_probability: float,
    return_weight: float,
    categories: tuple[str, ...],
) -> Fate:
    market = journey.route.market
    round_start = first_round
    ndr_chance = _risk.rescued_ndr_probability(
        rto_probability=rto_probability, address_quality=signals.address_quality, cod=signals.cod
    )
    if rng.random() < ndr_chance:
        count = _risk.failed_attempt_count(
            rng, rto=False, reattempt_skill=journey.route.carrier.reattempt_skill
        )
        door, reason = _fail(rng, journey, first_round, signals, count, last_is_final=False)
        later = 2 if reason == NdrReason.FUTURE_DELIVERY_REQUESTED else 1
        round_start = next_round(rng, market, door, min_days=later)
    delivered = journey.scan(S.DELIVERED, attempt(rng, journey, round_start), journey.route.city.name)
    if rng.random() < _risk.return_probability(category_weight=return_weight, cod=signals.cod):
        returned = _whole_seconds(delivered + timedelta(days=rng.uniform(2.0, 14.0)))
        reason = return_reason(rng, categories)
        return Fate(Outcome.RETURNED, returned, delivered, first_round, return_reason=reason)
    return Fate(Outcome.DELIVERED, delivered, delivered, first_round)


def _fail(
    rng: random.Random,
    journey: Journey,
    first_round: datetime,
    signals: _risk.OrderSignals,
    count: int,
    *,
    last_is_final: bool,
) -> tuple[datetime, str]:
    """`count` failed attempts from `first_round`; returns the last door time and reason."""
    market = journey.route.market
    round_start, door, reason = first_round, first_round, ""
    for number in range(1, count + 1):
        final = last_is_final and number == count
        refusal_share = _risk.final_refusal_share(cod=signals.cod) if final else _EARLY_REFUSAL_SHARE
        reason = _risk.attempt_reason(
            rng,
            cod=signals.cod,
            address_quality=signals.address_quality,
            phone_shared=signals.phone_shared,
            remote_city=signals.remote_city,
            refusal_share=refusal_share,
        )
        door = attempt(rng, journey, round_start)
        journey.scan(S.DELIVERY_FAILED, door, journey.route.city.name, reason)
        if number < count:
            later = 2 if reason == NdrReason.FUTURE_DELIVERY_REQUESTED else 1
            round_start = next_round(rng, market, door, min_days=later)
    return door, reason


def _whole_seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)
