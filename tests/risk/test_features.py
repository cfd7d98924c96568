"""Features: exact values on a hand-made history, the same through every path, and nothing from the future."""

from __future__ import annotations

import numpy as np
import pytest
from risk_helpers import day, demo_store, order, stored

from wasl.orders.models import Order, OrderStatus
from wasl.risk.features import NUMERIC_NAMES, count_before, local_clock, order_features
from wasl.risk.frames import History, history_of, incoming_orders, seconds, store_orders

A, B, C, D = "+966501234567", "+966509876543", "+966551112222", "+966553334444"
X, Y = "12 King Fahd Rd, Al Olaya", "7 Tahlia St, Al Andalus"


@pytest.fixture
def history(store):  # type: ignore[no-untyped-def]
    """Buyer A at X then Y, B at X after A's parcel came back, C who returned a parcel, D who cancelled."""
    store.timezone = "Asia/Riyadh"
    store.save()
    stored(store, order("a1", day(0), phone=A, line1=X), outcome=OrderStatus.DELIVERED, at=day(2))
    stored(store, order("a2", day(1), phone=A, line1=X), outcome=OrderStatus.RTO, at=day(8))
    stored(store, order("a3", day(5), phone=A, line1=X))
    stored(store, order("a4", day(10), phone=A, line1=Y, payment="prepaid"))
    stored(store, order("b1", day(9), phone=B, line1=X, total="600.00", discount="150.00"))
    stored(store, order("c1", day(0), phone=C, line1="3 Olaya St"), outcome=OrderStatus.RETURNED, at=day(6))
    stored(store, order("c2", day(7), phone=C, line1="3 Olaya St", quantity=3))
    stored(store, order("d1", day(0), phone=D, line1="9 Prince Sultan Rd"), outcome="cancelled", at=day(0, 2))
    stored(store, order("d2", day(1, hours=15), phone=D, line1="9 Prince Sultan Rd"))
    return store


def _features(store, keys: list[str]) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    columns = store_orders(store)
    index = np.array([columns.keys.index(k) for k in keys])
    features = order_features(columns.take(index), columns.history(), timezone=store.timezone)
    return {
        k: dict(zip(NUMERIC_NAMES, row.tolist(), strict=True))
        for k, row in zip(keys, features.numeric, strict=True)
    }


def _subset(values: dict[str, float], names: str) -> dict[str, float]:
    return {name: values[name] for name in names.split()}


HISTORY = "first_order prior_orders prior_delivered prior_rtos prior_returns prior_cancelled"
PLACES = "address_orders address_rtos address_other_customers phone_other_addresses"


def test_a_buyers_past_counts_only_outcomes_known_before_the_order(history) -> None:  # type: ignore[no-untyped-def]
    got = _features(history, ["a1", "a3", "a4"])
    # a2 came back on day 8: a3 (day 5) does not know it yet, a4 (day 10) does.
    assert _subset(got["a1"], HISTORY) == dict.fromkeys(HISTORY.split(), 0.0) | {"first_order": 1.0}
    assert _subset(got["a3"], HISTORY) == {
        "first_order": 0.0,
        "prior_orders": 2.0,
        "prior_delivered": 1.0,
        "prior_rtos": 0.0,
        "prior_returns": 0.0,
        "prior_cancelled": 0.0,
    }
    assert _subset(got["a4"], HISTORY) == {
        "first_order": 0.0,
        "prior_orders": 3.0,
        "prior_delivered": 1.0,
        "prior_rtos": 1.0,
        "prior_returns": 0.0,
        "prior_cancelled": 0.0,
    }


def test_returns_and_cancellations_count_once_they_happened(history) -> None:  # type: ignore[no-untyped-def]
    got = _features(history, ["c2", "d2"])
    assert _subset(got["c2"], "prior_delivered prior_returns items lines") == {
        "prior_delivered": 1.0,  # a returned parcel was delivered first
        "prior_returns": 1.0,
        "items": 3.0,
        "lines": 1.0,
    }
    assert got["d2"]["prior_cancelled"] == 1.0


def test_addresses_and_phones_across_buyers(history) -> None:  # type: ignore[no-untyped-def]
    got = _features(history, ["a3", "a4", "b1"])
    assert _subset(got["a3"], PLACES) == {
        "address_orders": 2.0,
        "address_rtos": 0.0,
        "address_other_customers": 0.0,
        "phone_other_addresses": 0.0,
    }
    # A moves to Y: the phone now came with another address before; Y itself is new.
    assert _subset(got["a4"], PLACES) == {
        "address_orders": 0.0,
        "address_rtos": 0.0,
        "address_other_customers": 0.0,
        "phone_other_addresses": 1.0,
    }
    # B orders to X on day 9: A's three orders went there and one came back on day 8.
    assert _subset(got["b1"], PLACES) == {
        "address_orders": 3.0,
        "address_rtos": 1.0,
        "address_other_customers": 1.0,
        "phone_other_addresses": 0.0,
    }


def test_order_facts_and_local_time(history) -> None:  # type: ignore[no-untyped-def]
    got = _features(history, ["a4", "b1", "d2"])
    assert _subset(got["b1"], "cod total discount_share shipping_fee") == {
        "cod": 1.0,
        "total": 600.0,
        "discount_share": 0.2,  # 150 off 750
        "shipping_fee": 0.0,
    }
    assert got["a4"]["cod"] == 0.0
    # 09:00 UTC is noon in Riyadh; day 0 is Saturday 1 March 2025. d2: 00:00 UTC + 3 h on Sunday.
    assert (got["a4"]["hour"], got["a4"]["weekday"]) == (12.0, 1.0)  # day 10: Tuesday
    assert (got["d2"]["hour"], got["d2"]["weekday"]) == (3.0, 0.0)  # day 1 + 15 h: 03:00 Monday


def test_the_same_features_through_training_stored_and_incoming_paths(history) -> None:  # type: ignore[no-untyped-def]
    columns = store_orders(history)
    index = np.array([columns.keys.index("b1")])
    trained = order_features(columns.take(index), columns.history(), timezone=history.timezone)
    one = store_orders(history, order_ids=[Order.objects.get(external_id="b1").pk])
    looked_up = history_of(history, customers=one.customer.tolist(), fingerprints=one.fingerprint.tolist())
    scored = order_features(one, looked_up, timezone=history.timezone)
    incoming, found = incoming_orders(
        history, [order("b1", day(9), phone=B, line1=X, total="600.00", discount="150.00")]
    )
    arriving = order_features(incoming, found, timezone=history.timezone)
    assert trained.numeric.tolist() == scored.numeric.tolist() == arriving.numeric.tolist()


def test_a_new_order_is_scored_with_everything_known_before_it(history) -> None:  # type: ignore[no-untyped-def]
    incoming, found = incoming_orders(history, [order("new", day(20), phone="0501234567", line1=X)])
    got = dict(zip(NUMERIC_NAMES, order_features(incoming, found, timezone="UTC").numeric[0], strict=True))
    assert _subset(got, HISTORY + " " + PLACES) == {
        "first_order": 0.0,
        "prior_orders": 4.0,  # the phone as typed locally is A's
        "prior_delivered": 1.0,
        "prior_rtos": 1.0,
        "prior_returns": 0.0,
        "prior_cancelled": 0.0,
        "address_orders": 4.0,
        "address_rtos": 1.0,
        "address_other_customers": 1.0,
        "phone_other_addresses": 1.0,
    }


def test_another_stores_history_is_not_read(history, other_store) -> None:  # type: ignore[no-untyped-def]
    stored(other_store, order("x1", day(0), phone=A, line1=X), outcome=OrderStatus.RTO, at=day(1))
    _, found = incoming_orders(history, [order("new", day(20), phone=A, line1=X)])
    assert sorted(found.placed.tolist()) == sorted(
        seconds(at) for at in (day(0), day(1), day(5), day(10), day(9))
    )


def test_features_never_see_the_future(db) -> None:  # type: ignore[no-untyped-def]
    """Given only what was known when each order was placed, every feature is the same."""
    store = demo_store("leak-check", orders=900, days=60, seed=5)
    columns = store_orders(store)
    full = order_features(columns, columns.history(), timezone=store.timezone)
    rng = np.random.default_rng(0)
    for i in rng.choice(len(columns), size=60, replace=False):
        t = columns.placed[i]
        before = columns.placed < t
        known = columns.outcome_at < t
        past = History(
            placed=columns.placed[before],
            customer=columns.customer[before],
            fingerprint=columns.fingerprint[before],
            status=np.where(known, columns.status, "shipped")[before],
            outcome_at=np.where(known, columns.outcome_at, np.nan)[before],
        )
        alone = order_features(columns.take(np.array([i])), past, timezone=store.timezone)
        assert alone.numeric[0].tolist() == full.numeric[i].tolist(), columns.keys[i]


def test_count_before_counts_strictly_earlier_events_per_key() -> None:
    keys = np.array([0, 0, 0, 1, 1, -1])
    times = np.array([10.0, 20.0, np.nan, 5.0, 50.0, 1.0])
    got = count_before(keys, times, np.array([0, 0, 1, 2, -1]), np.array([20, 21, 50, 99, 99]))
    assert got.tolist() == [1, 2, 1, 0, 0]


def test_local_clock_follows_the_zone_and_its_offset() -> None:
    # 2025-01-01 22:30 UTC: Thursday 01:30 in Riyadh (+3), Wednesday 23:30 in Casablanca (+1), 04:00 in Kolkata.
    assert [v.tolist() for v in local_clock(np.array([seconds(day(0))]), "Asia/Riyadh")] == [[12.0], [5.0]]
    at = np.array([1735770600])
    assert [v.tolist() for v in local_clock(at, "Asia/Riyadh")] == [[1.0], [3.0]]
    assert [v.tolist() for v in local_clock(at, "Africa/Casablanca")] == [[23.0], [2.0]]
    assert [v.tolist() for v in local_clock(at, "Asia/Kolkata")] == [[4.0], [3.0]]
    assert [v.tolist() for v in local_clock(at, "Not/AZone")] == [[22.0], [2.0]]
