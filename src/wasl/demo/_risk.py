"""The hidden rules that decide how a demo order ends. Private to the generator on purpose.

A risk model is trained on the generated data alone, so nothing outside this package may read these weights:
the model has to find the pattern the way it would in a real shop. Every feature moves the odds a little and
none decides alone; the Bernoulli draw and the buyer's own hidden habit add the noise.

The intercepts and weights were tuned by generating 20,000-order shops and comparing with the published
figures quoted in docs/demo-data.md (COD RTO ~25%, prepaid ~2-3%, refusal shares, time-to-first-attempt curve).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from wasl.demo.types import AddressQuality
from wasl.shipping.status import NdrReason

Q = AddressQuality
R = NdrReason


@dataclass(slots=True)
class OrderSignals:
    """What is known about an order once the carrier has taken it to the buyer's door (or tried to)."""

    cod: bool
    city_shift: float
    carrier_shift: float
    days_to_first_attempt: int  # filled in once the first delivery round is known
    address_quality: AddressQuality
    prior_orders: int
    prior_rtos: int
    prior_delivered: int
    phone_shared: bool
    propensity: float
    value_ratio: float  # order total over the shop's typical order
    local_hour: int
    remote_city: bool


_INTERCEPT = {True: -1.75, False: -4.40}
_ADDRESS_SHIFT = {Q.COMPLETE: -0.15, Q.PARTIAL: 0.0, Q.LANDMARK: 0.20, Q.VAGUE: 0.45, Q.PLACEHOLDER: 0.80}


def _days_shift(days: int) -> float:
    # Waiting cools a cash buyer's wish to pay; the published curve rises 22% -> 27% -> 35%.
    if days <= 2:
        return 0.0
    if days <= 5:
        return 0.38 + 0.05 * (days - 3)
    return 0.78 + 0.04 * min(days - 6, 4)


def _history_shift(signals: OrderSignals) -> float:
    if signals.prior_orders == 0:
        return 0.20
    return 0.95 * min(signals.prior_rtos, 2) - 0.30 * min(signals.prior_delivered, 3)


def _night_shift(local_hour: int) -> float:
    return 0.50 if 0 <= local_hour < 5 else 0.0


def rto_logit(signals: OrderSignals) -> float:
    logit = _INTERCEPT[signals.cod]
    logit += signals.city_shift * (1.0 if signals.cod else 0.6)
    logit += signals.carrier_shift
    logit += _days_shift(signals.days_to_first_attempt)
    logit += _ADDRESS_SHIFT[signals.address_quality]
    logit += _history_shift(signals)
    logit += 0.85 if signals.phone_shared else 0.0
    logit += signals.propensity
    logit += _night_shift(signals.local_hour)
    if signals.cod:
        # Dearer parcels are refused more often when the cash is due at the door.
        logit += 0.30 * math.log(max(signals.value_ratio, 0.05))
    return logit


def sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-logit))


def cancel_probability(*, cod: bool, address_quality: AddressQuality, first_order: bool) -> float:
    """Orders cancelled before shipping: mostly COD orders that the buyer never confirmed."""
    base = 0.045 if cod else 0.012
    if address_quality is Q.PLACEHOLDER:
        base *= 2.0
    return base * (1.3 if first_order else 0.7)


def rescued_ndr_probability(*, rto_probability: float, address_quality: AddressQuality, cod: bool) -> float:
    """Chance that a parcel that will be delivered first failed at least once."""
    address_bonus = {Q.LANDMARK: 0.02, Q.VAGUE: 0.04, Q.PLACEHOLDER: 0.08}.get(address_quality, 0.0)
    return min(0.6, 0.006 + 0.09 * rto_probability + address_bonus + (0.008 if cod else 0.0))


# How an RTO unfolds: stopped before any attempt, refused at the door (carriers record that as the start of
# the return, with no failed-delivery scan), or after one to three failed attempts.
_PRE_ATTEMPT_SHARE = 0.05
_DOOR_REFUSAL_SHARE = {True: 0.42, False: 0.19}
# Refusal as the last failed attempt's reason, so that refusals make ~52% of COD and ~29% of prepaid RTOs.
_FINAL_REFUSAL_SHARE = {True: 0.11, False: 0.09}


def rto_path(rng: random.Random, *, cod: bool) -> str:
    draw = rng.random()
    if draw < _PRE_ATTEMPT_SHARE:
        return "before_attempt"
    if draw < _PRE_ATTEMPT_SHARE + _DOOR_REFUSAL_SHARE[cod]:
        return "door_refusal"
    return "failed_attempts"


def failed_attempt_count(rng: random.Random, *, rto: bool, reattempt_skill: float) -> int:
    if rto:
        return rng.choices((1, 2, 3), (0.35, 0.35, 0.30))[0]
    second_fails = 0.25 - 0.1 * reattempt_skill
    return 2 if rng.random() < second_fails else 1


def pre_attempt_reason(rng: random.Random, *, address_quality: AddressQuality, remote_city: bool) -> str:
    if remote_city and rng.random() < 0.35:
        return R.OUT_OF_DELIVERY_AREA.value
    if address_quality in (Q.VAGUE, Q.PLACEHOLDER) and rng.random() < 0.5:
        return R.ADDRESS_ISSUE.value
    return R.REFUSED.value  # the buyer cancelled while the parcel was on its way


def attempt_reason(
    rng: random.Random,
    *,
    cod: bool,
    address_quality: AddressQuality,
    phone_shared: bool,
    remote_city: bool,
    refusal_share: float,
) -> str:
    """A failed attempt's reason; `refusal_share` is the chance that it is a refusal."""
    if rng.random() < refusal_share:
        return R.REFUSED.value
    weights = {
        R.CUSTOMER_UNAVAILABLE.value: 0.30,
        R.PHONE_UNREACHABLE.value: 0.22 + (0.30 if phone_shared else 0.0) + (0.10 if not cod else 0.0),
        R.ADDRESS_ISSUE.value: 0.05 + _ADDRESS_REASON_WEIGHT[address_quality],
        R.FUTURE_DELIVERY_REQUESTED.value: 0.12,
        R.COD_NOT_READY.value: 0.14 if cod else 0.0,
        R.PREMISES_CLOSED.value: 0.05,
        R.OUT_OF_DELIVERY_AREA.value: 0.06 if remote_city else 0.01,
        R.OTHER.value: 0.03,
    }
    return rng.choices(tuple(weights), tuple(weights.values()))[0]


_ADDRESS_REASON_WEIGHT = {
    Q.COMPLETE: 0.0,
    Q.PARTIAL: 0.04,
    Q.LANDMARK: 0.12,
    Q.VAGUE: 0.30,
    Q.PLACEHOLDER: 0.55,
}


def final_refusal_share(*, cod: bool) -> float:
    return _FINAL_REFUSAL_SHARE[cod]


def return_probability(*, category_weight: float, cod: bool) -> float:
    """Delivered parcels later sent back by the buyer (size and fit above all)."""
    return min(0.5, 0.037 * category_weight * (0.9 if cod else 1.2))
