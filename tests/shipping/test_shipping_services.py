"""tracking_updates_ingest: dedupe, late events, terminal states, order status, and replay in any order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import order_data
from wasl.core.errors import Invalid
from wasl.orders.models import OrderEvent, OrderStatus
from wasl.orders.services import order_upsert
from wasl.shipping.models import Shipment, StatusCorrection, TrackingEvent
from wasl.shipping.services import shipment_correct_status, shipment_create, tracking_updates_ingest
from wasl.shipping.status import NdrReason, ShipmentStatus, StatusPoint, fold
from wasl.shipping.types import TrackingUpdate

pytestmark = pytest.mark.django_db
S = ShipmentStatus
T0 = datetime(2026, 5, 5, 9, 0, tzinfo=UTC)


def scan(hours: float, status: str, number: str = "TRK1", reason: str = "", key: str = "") -> TrackingUpdate:
    return TrackingUpdate(
        tracking_number=number,
        carrier="aramex",
        status=status,
        occurred_at=T0 + timedelta(hours=hours),
        raw_code=status.upper(),
        ndr_reason=reason,
        source="test",
        dedupe_key=key,
    )


@pytest.fixture
def shipment(store):
    order = order_upsert(store=store, data=order_data()).order
    return shipment_create(store=store, tracking_number="TRK1", carrier="aramex", order=order)[0]


def test_given_a_journey_when_ingested_then_shipment_and_order_follow(store, shipment) -> None:
    outcome = tracking_updates_ingest(
        store=store,
        updates=[
            scan(0, S.PICKED_UP),
            scan(20, S.DELIVERY_FAILED, reason=NdrReason.PHONE_UNREACHABLE),
            scan(44, S.DELIVERED),
        ],
    )
    shipment.refresh_from_db()
    assert outcome.results == ["accepted", "accepted", "accepted"]
    assert (shipment.status, shipment.attempts, shipment.ndr_reason) == (
        S.DELIVERED,
        2,
        NdrReason.PHONE_UNREACHABLE,
    )
    assert shipment.delivered_at == T0 + timedelta(hours=44)
    assert shipment.order is not None and shipment.order.status == OrderStatus.DELIVERED
    kinds = list(
        OrderEvent.objects.filter(order=shipment.order).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["created", "shipment_created", "shipment_status", "status_changed"]


def test_given_the_same_batch_twice_then_the_second_is_all_duplicates(store, shipment) -> None:
    batch = [scan(0, S.PICKED_UP), scan(5, S.IN_TRANSIT)]
    tracking_updates_ingest(store=store, updates=batch)
    again = tracking_updates_ingest(store=store, updates=batch)
    assert again.results == ["duplicate", "duplicate"]
    assert TrackingEvent.objects.count() == 2


def test_a_repeat_inside_one_batch_is_a_duplicate(store, shipment) -> None:
    outcome = tracking_updates_ingest(store=store, updates=[scan(0, S.PICKED_UP), scan(0, S.PICKED_UP)])
    assert outcome.results == ["accepted", "duplicate"]


def test_given_delivered_when_a_late_older_failure_arrives_then_status_stays_and_attempts_are_recounted(
    store, shipment
) -> None:
    tracking_updates_ingest(store=store, updates=[scan(0, S.PICKED_UP), scan(40, S.DELIVERED)])
    tracking_updates_ingest(
        store=store, updates=[scan(20, S.DELIVERY_FAILED, reason=NdrReason.PREMISES_CLOSED)]
    )
    shipment.refresh_from_db()
    assert (shipment.status, shipment.attempts, shipment.first_attempt_at) == (
        S.DELIVERED,
        2,
        T0 + timedelta(hours=20),
    )


def test_given_delivered_when_an_rto_scan_arrives_later_then_the_terminal_state_holds(
    store, shipment
) -> None:
    tracking_updates_ingest(store=store, updates=[scan(0, S.DELIVERED)])
    outcome = tracking_updates_ingest(store=store, updates=[scan(10, S.RTO_INITIATED)])
    shipment.refresh_from_db()
    assert outcome.status_changes == 0
    assert shipment.status == S.DELIVERED
    assert TrackingEvent.objects.filter(shipment=shipment).count() == 2  # kept, though it changed nothing


def test_a_correction_is_the_logged_way_out_of_a_terminal_state(store, shipment) -> None:
    tracking_updates_ingest(store=store, updates=[scan(0, S.DELIVERED)])
    shipment_correct_status(
        shipment=shipment, to_status=S.LOST, reason="carrier confirmed mis-scan", corrected_by="ops"
    )
    shipment.refresh_from_db()
    assert shipment.status == S.LOST
    correction = StatusCorrection.objects.get()
    assert (correction.from_status, correction.to_status, correction.corrected_by) == (
        S.DELIVERED,
        S.LOST,
        "ops",
    )


def test_scans_for_an_unknown_parcel_create_its_shipment_and_link_the_order(store) -> None:
    order_upsert(store=store, data=order_data("77"))
    update = TrackingUpdate(
        tracking_number="NEW9",
        carrier="smsa",
        status=S.IN_TRANSIT,
        occurred_at=T0,
        raw_code="X",
        source="test",
        order_external_id="77",
    )
    tracking_updates_ingest(store=store, updates=[update])
    created = Shipment.objects.get(tracking_number="NEW9")
    assert (created.carrier, created.status, created.order.external_id) == ("smsa", S.IN_TRANSIT, "77")


def test_invalid_updates_are_rejected_one_by_one_and_the_rest_kept(store, shipment) -> None:
    naive = TrackingUpdate("TRK1", "aramex", S.IN_TRANSIT, datetime(2026, 5, 5, 9), "X", source="t")
    outcome = tracking_updates_ingest(
        store=store, updates=[scan(0, S.PICKED_UP), scan(1, "teleported"), naive]
    )
    assert outcome.results == ["accepted", "rejected", "rejected"]
    assert outcome.errors == {
        1: ("invalid_status", "'teleported' is not a canonical status"),
        2: ("invalid_time", "occurred_at needs a time zone offset"),
    }


def test_more_than_a_thousand_updates_are_refused(store) -> None:
    with pytest.raises(Invalid) as caught:
        tracking_updates_ingest(store=store, updates=[scan(i, S.IN_TRANSIT, key=str(i)) for i in range(1001)])
    assert caught.value.code == "batch_too_large"


events = st.lists(
    st.tuples(st.integers(0, 120), st.sampled_from(S.values), st.sampled_from(["", *NdrReason.values])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=events, data=st.data())
def test_property_any_arrival_order_and_batching_gives_the_fold_of_all_events(store, raw, data) -> None:
    number = f"P{uuid.uuid4().hex}"  # examples share one transaction, so each needs its own parcel
    updates = [scan(h, s, number=number, reason=r, key=f"k{i}") for i, (h, s, r) in enumerate(raw)]
    arrival = data.draw(st.permutations(updates))
    cut = data.draw(st.integers(0, len(arrival)))
    tracking_updates_ingest(store=store, updates=arrival[:cut])
    tracking_updates_ingest(store=store, updates=arrival[cut:])
    tracking_updates_ingest(store=store, updates=updates)  # a full replay on top changes nothing
    expected = fold(
        StatusPoint(
            u.occurred_at, u.status, u.dedupe_key, u.ndr_reason if u.status == S.DELIVERY_FAILED else ""
        )
        for u in updates
    )
    got = Shipment.objects.get(store=store, tracking_number=number)
    assert (got.status, got.attempts, got.ndr_reason, got.last_event_at) == (
        expected.status,
        expected.attempts,
        expected.ndr_reason,
        expected.last_event_at,
    )


def _queries_for_a_batch(store, size: int, prefix: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    updates = []
    for i in range(size):
        order = order_upsert(store=store, data=order_data(f"{prefix}{i}")).order
        shipment_create(store=store, tracking_number=f"T{prefix}{i}", carrier="smsa", order=order)
        updates.append(scan(1, S.DELIVERED, number=f"T{prefix}{i}", key=f"{prefix}{i}"))
    with CaptureQueriesContext(connection) as captured:
        tracking_updates_ingest(store=store, updates=updates)
    return len(captured.captured_queries)


def test_a_batch_costs_the_same_number_of_queries_whatever_its_size(store) -> None:
    """No query per shipment or per order: 5 parcels or 40, each delivered and moving its order, cost the same."""
    small, large = _queries_for_a_batch(store, 5, "S"), _queries_for_a_batch(store, 40, "L")
    assert small == large
    assert Shipment.objects.filter(store=store, status=S.DELIVERED).count() == 45


def test_a_store_with_orders_and_shipments_can_be_removed(store, shipment) -> None:
    tracking_updates_ingest(store=store, updates=[scan(0, S.PICKED_UP)])
    store.delete()
    assert (Shipment.objects.count(), TrackingEvent.objects.count()) == (0, 0)
