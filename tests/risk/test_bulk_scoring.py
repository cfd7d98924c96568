"""Scoring stored orders in bulk: the same scores and reasons as one order at a time, written once."""

from __future__ import annotations

import pytest
from risk_helpers import day, demo_store, order, permissive, stored

from wasl.orders.models import Order, OrderEvent, OrderEventKind, OrderStatus
from wasl.orders.services import order_upsert
from wasl.risk.bulk_scoring import BulkScoring, risk_score_orders
from wasl.risk.models import RiskScore
from wasl.risk.scoring import score_stored
from wasl.risk.services import risk_model_activate
from wasl.risk.training import risk_train


def _one_at_a_time(store, ids):  # type: ignore[no-untyped-def]
    """What the arrival task computes for each order alone (one order: the model's pure-Python tree walk)."""
    found = {}
    for pk in ids:
        [one] = score_stored(store, [pk])
        found[pk] = (one.score, one.band, one.reasons, str(one.source), one.model_version)
    return found


def _written(store, ids):  # type: ignore[no-untyped-def]
    rows = RiskScore.objects.filter(store=store, order_id__in=ids)
    return {r.order_id: (r.score, r.band, r.reasons, r.source, r.model_version) for r in rows}


def test_a_batch_scores_every_order_exactly_as_one_at_a_time_with_rules_and_with_a_model(
    db, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    # Given a demo shop: delivered, returned, RTO, cancelled and still open orders, buyers with and without
    # history, shared addresses and phones, prepaid and COD, several cities and channels
    store = demo_store("bulk-shop", orders=1500, days=90, seed=7)
    ids = list(Order.objects.filter(store=store).order_by("id").values_list("id", flat=True))[::9][:160]
    statuses = set(Order.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert {OrderStatus.DELIVERED, OrderStatus.RTO, OrderStatus.CANCELLED, OrderStatus.SHIPPED} <= statuses

    # When the rules serve (no model yet) and the orders are scored in one batch
    assert risk_score_orders(store=store, order_ids=ids) == BulkScoring(scored=160, unchanged=0, not_found=0)
    # Then every stored score is the one the order gets alone
    by_rules = _written(store, ids)
    assert by_rules == _one_at_a_time(store, ids)
    assert {row[3] for row in by_rules.values()} == {"rules"}

    # Given a model in service
    permissive(store)
    trained = risk_train(store=store, report_dir=tmp_path)
    risk_model_activate(store=store, version=trained.model.version)
    # When the same orders are scored again in one batch (the model changed: none is up to date)
    assert risk_score_orders(store=store, order_ids=ids) == BulkScoring(scored=160, unchanged=0, not_found=0)
    # Then scores, bands and reasons (codes, weights, params) are again exactly those of one order at a time
    by_model = _written(store, ids)
    assert by_model == _one_at_a_time(store, ids)
    assert {row[3:] for row in by_model.values()} == {("model", trained.model.version)}
    assert len({row[0] for row in by_model.values()}) > 100  # varied scores, not one value for all
    assert {code for row in by_model.values() for code in (r["code"] for r in row[2])} >= {
        "cash_on_delivery",
        "prepaid",
    }


@pytest.fixture
def three_orders(store):  # type: ignore[no-untyped-def]
    """A buyer with an RTO, then two open orders (one of them prepaid)."""
    first = stored(store, order("a1", day(0)), outcome=OrderStatus.RTO, at=day(3))
    second = stored(store, order("a2", day(5)))
    third = stored(store, order("a3", day(6), payment="prepaid", total="90.00"))
    return first, second, third


def test_scores_and_timeline_entries_are_written_once(store, three_orders) -> None:  # type: ignore[no-untyped-def]
    ids = [o.pk for o in three_orders]
    # When scored in bulk
    assert risk_score_orders(store=store, order_ids=ids) == BulkScoring(scored=3, unchanged=0, not_found=0)
    # Then each order has its score and one timeline entry in the arrival task's words and data
    second = RiskScore.objects.get(order=three_orders[1])
    [one] = score_stored(store, [three_orders[1].pk])
    assert (second.score, second.band, second.reasons) == (one.score, one.band, one.reasons)
    assert second.order_hash == three_orders[1].content_hash and second.source == "rules"
    [event] = OrderEvent.objects.filter(order=three_orders[1], kind=OrderEventKind.RISK_SCORED)
    assert event.message == f"RTO risk {one.score:.0%} ({one.band}, rules)"
    assert event.data == {
        "score": one.score,
        "band": one.band,
        "source": "rules",
        "model_version": None,
        "reasons": [reason["code"] for reason in one.reasons],
    }
    assert [r["code"] for r in second.reasons][:2] == ["cash_on_delivery", "past_rtos"]

    # When run again with nothing changed: nothing is written
    assert risk_score_orders(store=store, order_ids=ids) == BulkScoring(scored=0, unchanged=3, not_found=0)
    assert OrderEvent.objects.filter(store=store, kind=OrderEventKind.RISK_SCORED).count() == 3

    # When one order changed since: only it is scored again, its score replaced (one row per order)
    order_upsert(store=store, data=order("a3", day(6), payment="cod", total="900.00"))
    assert risk_score_orders(store=store, order_ids=ids) == BulkScoring(scored=1, unchanged=2, not_found=0)
    assert RiskScore.objects.filter(store=store).count() == 3
    third = RiskScore.objects.get(order=three_orders[2])
    assert third.reasons[0]["code"] == "cash_on_delivery" and third.score > 0.1
    assert OrderEvent.objects.filter(order=three_orders[2], kind=OrderEventKind.RISK_SCORED).count() == 2


def test_another_stores_orders_are_neither_read_nor_written(store, other_store, three_orders) -> None:  # type: ignore[no-untyped-def]
    theirs = stored(other_store, order("b1", day(1), total="120.00"))
    done = risk_score_orders(store=store, order_ids=[theirs.pk, three_orders[0].pk, 987654321])
    assert done == BulkScoring(scored=1, unchanged=0, not_found=2)
    assert not RiskScore.objects.filter(order=theirs).exists()
    assert risk_score_orders(store=store, order_ids=[]) == BulkScoring(scored=0, unchanged=0, not_found=0)
