"""Scoring orders, one or many at a time: the store's model when it has one in service, else the rules.

Every path (the order-arrival task, the checkout API, bulk CSV) goes through `score_columns`: the buyers' and
addresses' history read in one batched query, features as column arrays, one pass of the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from wasl.orders.types import OrderData
from wasl.risk.features import order_features
from wasl.risk.frames import OrderColumns, history_of, incoming_orders, store_orders
from wasl.risk.lookups import History
from wasl.risk.models import ScoreSource
from wasl.risk.reasons import top_reasons
from wasl.risk.rules import REFERENCE_PROBABILITY, rule_scores
from wasl.risk.selectors import bands_for, model_in_service
from wasl.stores.models import Store


@dataclass(frozen=True)
class Scored:
    key: str  # the order's external id ("" for a checkout that has none yet)
    score: float  # calibrated probability of a return to origin
    band: str
    reasons: list[dict[str, Any]]  # {"code", "weight", "params"}, strongest first
    source: str  # "model" | "rules"
    model_version: int | None


def score_columns(store: Store, orders: OrderColumns, history: History) -> list[Scored]:
    """`history` holds every stored order of the orders' buyers and addresses (see frames)."""
    if not len(orders):
        return []
    features = order_features(orders, history, timezone=store.timezone)
    service = model_in_service(store)
    context: dict[str, Any] = {}
    if service is not None:
        artefact = service.artefact
        scores, credits = artefact.score(features)
        raising = scores >= artefact.base_rate
        rates = artefact.design.rates(features)
        context = {
            "typical_total": artefact.typical_total,
            "city_rate": rates[:, 0],
            "postal_rate": rates[:, 1],
        }
        source, version = ScoreSource.MODEL, service.version
    else:
        scores, credits = rule_scores(features)
        raising = scores >= REFERENCE_PROBABILITY
        source, version = ScoreSource.RULES, None
    reasons = top_reasons(features, credits, raising, context=context)
    bands = bands_for(store)
    band = np.where(scores >= bands.high_from, "high", np.where(scores >= bands.medium_from, "medium", "low"))
    return [
        Scored(key, score, level, why, source, version)
        for key, score, level, why in zip(
            orders.keys, np.round(scores, 4).tolist(), band.tolist(), reasons, strict=True
        )
    ]


def score_incoming(store: Store, orders: Sequence[OrderData]) -> list[Scored]:
    """Orders as a shop sends them (checkout, a CSV file), stored or not."""
    if not orders:
        return []
    columns, history = incoming_orders(store, orders)
    return score_columns(store, columns, history)


def score_stored(store: Store, order_ids: Sequence[int]) -> list[Scored]:
    """Orders already in the database, scored with what was known when each was placed (oldest first)."""
    return list(score_stored_by_id(store, order_ids).values())


def score_stored_by_id(store: Store, order_ids: Sequence[int]) -> dict[int, Scored]:
    """The same, by order id; ids that are not the store's orders are left out."""
    if not order_ids:
        return {}
    columns = store_orders(store, order_ids=order_ids)
    history = history_of(
        store, customers=columns.customer.tolist(), fingerprints=columns.fingerprint.tolist()
    )
    return dict(zip(columns.order_id.tolist(), score_columns(store, columns, history), strict=True))
