"""Every generated scan history folds, through the canonical status model, to the outcome the order carries."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from wasl.demo.types import DemoOrder, DemoShop, Outcome
from wasl.shipping.status import FoldState, NdrReason, ShipmentStatus, StatusPoint, fold, is_terminal

S = ShipmentStatus
_FOLDS_TO = {
    Outcome.DELIVERED: S.DELIVERED,
    Outcome.RETURNED: S.DELIVERED,
    Outcome.RTO: S.RTO_DELIVERED,
    Outcome.LOST: S.LOST,
}


def _fold(order: DemoOrder) -> FoldState:
    return fold(StatusPoint(e.occurred_at, e.status, e.dedupe_key, e.ndr_reason) for e in order.events)


def test_given_a_shop_when_each_shipment_is_folded_then_it_ends_where_its_outcome_says(
    small_shop: DemoShop,
) -> None:
    shipped = [order for order in small_shop.orders if order.carrier]
    assert len(shipped) > 3500
    for order in shipped:
        state = _fold(order)
        if order.outcome is None:
            assert not is_terminal(state.status), order.order.external_id
        else:
            assert state.status == _FOLDS_TO[order.outcome], order.order.external_id
            assert state.last_event_at is not None


def test_given_finished_shipments_when_folded_then_attempts_reasons_and_times_agree(
    small_shop: DemoShop,
) -> None:
    for order in small_shop.orders:
        if order.outcome not in _FOLDS_TO:
            continue
        state = _fold(order)
        delivered = order.outcome in (Outcome.DELIVERED, Outcome.RETURNED)
        assert state.attempts == len(order.ndr_reasons) + (1 if delivered else 0)
        assert state.ndr_reason == (order.ndr_reasons[-1] if order.ndr_reasons else "")
        if order.outcome is Outcome.DELIVERED:
            assert state.delivered_at == order.outcome_at
        if order.outcome is Outcome.RETURNED:
            assert state.delivered_at is not None and order.outcome_at is not None
            assert timedelta(days=2) <= order.outcome_at - state.delivered_at <= timedelta(days=14)
        if order.outcome is Outcome.RTO:
            assert state.changed_at == order.outcome_at
            assert order.rto_reason in NdrReason.values


def test_given_scans_when_listed_then_they_are_in_time_order_before_now_with_valid_values(
    small_shop: DemoShop,
) -> None:
    keys: set[str] = set()
    for order in small_shop.orders:
        times = [event.occurred_at for event in order.events]
        assert times == sorted(times)
        for event in order.events:
            assert order.order.placed_at < event.occurred_at <= small_shop.now
            assert event.status in S.values
            assert event.carrier == order.carrier and event.tracking_number == order.tracking_number
            assert event.order_external_id == order.order.external_id
            if event.status in (S.DELIVERY_FAILED, S.RTO_INITIATED):
                assert event.ndr_reason in NdrReason.values
            else:
                assert event.ndr_reason == ""
            keys.add(event.dedupe_key)
    assert len(keys) == sum(len(order.events) for order in small_shop.orders)


def test_given_a_delivered_shipment_when_read_then_it_went_through_every_forward_step(
    small_shop: DemoShop,
) -> None:
    order = next(o for o in small_shop.orders if o.outcome is Outcome.DELIVERED and not o.ndr_reasons)
    statuses = [event.status for event in order.events]
    assert statuses[:3] == [S.CREATED, S.PICKED_UP, S.IN_TRANSIT]
    assert statuses[-2:] == [S.OUT_FOR_DELIVERY, S.DELIVERED]
    assert set(statuses[2:-2]) == {S.IN_TRANSIT}
    assert all(event.location.endswith((" hub", " station")) for event in order.events[2:-2])


def test_given_an_rto_when_read_then_it_ends_with_initiated_in_transit_and_delivered_back(
    small_shop: DemoShop,
) -> None:
    rtos = [order for order in small_shop.orders if order.outcome is Outcome.RTO]
    assert len(rtos) > 300
    for order in rtos:
        tail = [event.status for event in order.events[-4:]]
        assert tail == [S.RTO_INITIATED, S.RTO_IN_TRANSIT, S.RTO_IN_TRANSIT, S.RTO_DELIVERED]


def test_given_the_rto_paths_when_counted_then_refusals_at_the_door_have_no_failed_scan(
    small_shop: DemoShop,
) -> None:
    paths: Counter[str] = Counter()
    for order in small_shop.orders:
        if order.outcome is not Outcome.RTO:
            continue
        if order.ndr_reasons:
            paths["after failed attempts"] += 1
            assert 1 <= len(order.ndr_reasons) <= 3
            assert order.rto_reason == order.ndr_reasons[-1]
        elif order.first_attempt_at is not None:
            paths["refused at the door"] += 1
            assert order.rto_reason == NdrReason.REFUSED
        else:
            paths["stopped before any attempt"] += 1
    total = sum(paths.values())
    assert 0.45 <= paths["after failed attempts"] / total <= 0.62
    assert 0.30 <= paths["refused at the door"] / total <= 0.45
    assert 0.02 <= paths["stopped before any attempt"] / total <= 0.09


def test_given_cancelled_orders_when_read_then_they_were_never_shipped(small_shop: DemoShop) -> None:
    cancelled = [order for order in small_shop.orders if order.outcome is Outcome.CANCELLED]
    assert len(cancelled) > 60
    for order in cancelled:
        assert (order.carrier, order.tracking_number, order.events, order.ndr_reasons) == ("", "", (), ())
        assert order.order.cancelled is True
        assert order.outcome_at is not None and order.outcome_at > order.order.placed_at
        assert order.order.source_updated_at == order.outcome_at


def test_given_the_last_day_when_read_then_its_shipments_are_still_in_flight(small_shop: DemoShop) -> None:
    recent = [
        o for o in small_shop.orders if o.order.placed_at >= small_shop.now - timedelta(days=1) and o.carrier
    ]
    assert len(recent) > 20
    assert {order.outcome for order in recent} == {None}
    assert all(order.outcome_at is None for order in recent)
    in_flight = [order for order in small_shop.orders if order.carrier and order.outcome is None]
    assert any(order.events for order in in_flight)


def test_given_a_lost_parcel_when_read_then_its_last_scan_says_lost(small_shop: DemoShop) -> None:
    lost = [order for order in small_shop.orders if order.outcome is Outcome.LOST]
    assert 1 <= len(lost) <= 40
    for order in lost:
        assert order.events[-1].status == S.LOST
        assert order.outcome_at == order.events[-1].occurred_at


def test_given_a_shop_when_read_then_tracking_numbers_are_unique_and_shaped_per_carrier(
    small_shop: DemoShop,
) -> None:
    shipped = [order for order in small_shop.orders if order.carrier]
    assert len({order.tracking_number for order in shipped}) == len(shipped)
    shapes = {"smsa": ("29", 12), "aramex": ("4", 11), "generic": ("WSL", 12)}
    for order in shipped:
        prefix, length = shapes[order.carrier]
        assert order.tracking_number.startswith(prefix) and len(order.tracking_number) == length
