"""The cold-start score: a few fixed rules that serve until the store has enough history for its own model.

It is also the baseline every trained model must beat before it is activated. The weights are set by hand, not
fitted to any data: payment method from the published rates (about 26% of COD orders and 2-3% of prepaid ones
come back, see docs/demo-data.md), the rest as moderate log-odds nudges a merchant would agree with. Each rule
adds to the log-odds, so its contribution is also its reason.
"""

from __future__ import annotations

import numpy as np

from wasl.risk.artefact import GROUP_INDEX, GROUPS
from wasl.risk.features import NIGHT_UNTIL, Features

REFERENCE_LOGIT = -2.2  # an order about which nothing is known: ~10%
COD = 1.15  # -> ~26% for an otherwise unremarkable COD order
PREPAID = -1.7  # -> ~2%
WEAK_ADDRESS = 1.6  # per point of address score below 0.75
WEAK_PHONE = 1.2  # per point of phone score below 0.9
FIRST_ORDER = 0.3
PER_DELIVERY = -0.2  # up to three earlier deliveries
PER_PAST_RTO = 0.7  # up to three earlier returns to origin
PER_PAST_RETURN = 0.1
PHONE_WITH_OTHER_ADDRESSES = 0.4
ADDRESS_OF_OTHER_BUYERS = 0.3
PER_ADDRESS_RTO = 0.4  # up to two earlier RTOs at the same address
NIGHT = 0.25


def rule_credits(features: Features) -> np.ndarray:
    """Each rule's log-odds contribution, per order and reason group."""
    credits = np.zeros((len(features), len(GROUPS)))

    def add(group: str, values: np.ndarray) -> None:
        credits[:, GROUP_INDEX[group]] += values

    col = features.column
    add("payment", np.where(col("cod") > 0, COD, PREPAID))
    add("address_quality", WEAK_ADDRESS * (0.75 - col("address_score")))
    add("phone_quality", WEAK_PHONE * (0.9 - col("phone_score")))
    add(
        "buyer_history",
        FIRST_ORDER * col("first_order") + PER_DELIVERY * np.minimum(col("prior_delivered"), 3),
    )
    add("past_rtos", PER_PAST_RTO * np.minimum(col("prior_rtos"), 3))
    add("past_returns", PER_PAST_RETURN * np.minimum(col("prior_returns"), 3))
    add("phone_shared", PHONE_WITH_OTHER_ADDRESSES * (col("phone_other_addresses") > 0))
    address = ADDRESS_OF_OTHER_BUYERS * (col("address_other_customers") > 0)
    add("address_history", address + PER_ADDRESS_RTO * np.minimum(col("address_rtos"), 2))
    add("hour", NIGHT * (col("hour") < NIGHT_UNTIL))
    return credits


def rule_scores(features: Features) -> tuple[np.ndarray, np.ndarray]:
    """RTO probabilities and their credits."""
    credits = rule_credits(features)
    logit = REFERENCE_LOGIT + credits.sum(axis=1)
    return 1.0 / (1.0 + np.exp(-logit)), credits


REFERENCE_PROBABILITY = 1.0 / (1.0 + np.exp(-REFERENCE_LOGIT))
