"""The facts a policy's rules look at, for stored orders, read the way the risk model reads them.

First order, address score and phone score come from the model's own features (as of the order's placement,
so a replay sees what was known then); the rest from the order itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from wasl.orders.models import Order, PaymentMethod
from wasl.risk.features import order_features
from wasl.risk.frames import history_of, store_orders
from wasl.risk.policy import OrderFacts
from wasl.risk.scoring import Scored, score_columns
from wasl.stores.models import Store


@dataclass(frozen=True)
class Known:
    """What the features say of one order."""

    first_order: bool
    address_score: float
    phone_score: float


def known_about(
    store: Store, order_ids: Sequence[int], *, with_scores: bool = False
) -> tuple[dict[str, Known], dict[str, Scored]]:
    """Per external id: the features' facts, and (with_scores) a fresh score from the model in service."""
    columns = store_orders(store, order_ids=order_ids)
    if not len(columns):
        return {}, {}
    history = history_of(
        store, customers=columns.customer.tolist(), fingerprints=columns.fingerprint.tolist()
    )
    features = order_features(columns, history, timezone=store.timezone)
    first, address, phone = (features.column(n) for n in ("first_order", "address_score", "phone_score"))
    known = {
        key: Known(bool(first[i]), round(float(address[i]), 4), round(float(phone[i]), 4))
        for i, key in enumerate(columns.keys)
    }
    scored = {s.key: s for s in score_columns(store, columns, history)} if with_scores else {}
    return known, scored


def order_facts(order: Order, known: Known, *, band: str, score: float) -> OrderFacts:
    paid = order.paid_at is not None or order.payment_method == PaymentMethod.PREPAID
    return OrderFacts(
        band=band,
        score=score,
        payment_method=PaymentMethod.PREPAID if paid else PaymentMethod.COD,
        total=Decimal(order.total),
        first_order=known.first_order,
        address_score=known.address_score,
        phone_score=known.phone_score,
        country=order.ship_country or order.store.country,
        city=order.ship_city,
    )


def facts_as_data(facts: OrderFacts) -> dict[str, object]:
    return {
        "band": facts.band,
        "score": facts.score,
        "payment_method": facts.payment_method,
        "total": str(facts.total),
        "first_order": facts.first_order,
        "address_score": facts.address_score,
        "phone_score": facts.phone_score,
        "country": facts.country,
        "city": facts.city,
    }
