"""The canonical status model: transitions, terminal states, and order-independence of the fold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from wasl.shipping.status import (
    TERMINAL,
    TRANSITIONS,
    FoldState,
    NdrReason,
    ShipmentStatus,
    StatusPoint,
    fold,
    next_status,
    step,
)

S = ShipmentStatus
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def at(hours: float, status: str, key: str = "", reason: str = "") -> StatusPoint:
    return StatusPoint(T0 + timedelta(hours=hours), status, key or f"{status}@{hours}", reason)


def test_every_status_has_a_row_in_the_transition_table() -> None:
    assert set(TRANSITIONS) == set(S.values)


def test_terminal_states_allow_no_transition() -> None:
    for status in TERMINAL:
        assert TRANSITIONS[status] == frozenset()
        for incoming in S.values:
            assert next_status(status, incoming) == status


def test_given_a_normal_journey_when_folded_then_it_ends_delivered_with_one_attempt() -> None:
    state = fold([at(0, S.PICKED_UP), at(5, S.IN_TRANSIT), at(30, S.OUT_FOR_DELIVERY), at(34, S.DELIVERED)])
    assert state == FoldState(
        status=S.DELIVERED,
        changed_at=T0 + timedelta(hours=34),
        last_event_at=T0 + timedelta(hours=34),
        attempts=1,
        first_attempt_at=T0 + timedelta(hours=34),
        delivered_at=T0 + timedelta(hours=34),
        ndr_reason="",
    )


def test_given_two_failed_attempts_then_rto_the_reason_and_attempts_are_kept() -> None:
    state = fold(
        [
            at(0, S.PICKED_UP),
            at(24, S.DELIVERY_FAILED, reason=NdrReason.CUSTOMER_UNAVAILABLE),
            at(48, S.DELIVERY_FAILED, reason=NdrReason.REFUSED),
            at(50, S.RTO_INITIATED),
            at(70, S.IN_TRANSIT),  # the carrier's ordinary scan on the way back
            at(96, S.DELIVERED),  # "delivered" to the shipper: the end of the return leg
        ]
    )
    assert (state.status, state.attempts, state.ndr_reason) == (S.RTO_DELIVERED, 2, NdrReason.REFUSED)
    assert state.first_attempt_at == T0 + timedelta(hours=24)
    assert state.delivered_at is None


def test_given_delivered_when_a_later_in_transit_scan_arrives_then_it_stays_delivered() -> None:
    state = fold([at(0, S.PICKED_UP), at(10, S.DELIVERED), at(12, S.IN_TRANSIT)])
    assert state.status == S.DELIVERED
    assert state.last_event_at == T0 + timedelta(hours=12)


def test_given_a_late_earlier_event_then_the_latest_event_in_event_time_decides() -> None:
    arrival_order = [at(0, S.PICKED_UP), at(20, S.OUT_FOR_DELIVERY), at(10, S.IN_TRANSIT)]
    assert fold(arrival_order).status == S.OUT_FOR_DELIVERY


def test_a_duplicate_delivered_event_does_not_count_a_second_attempt() -> None:
    state = fold([at(1, S.DELIVERED, key="a"), at(2, S.DELIVERED, key="b")])
    assert state.attempts == 1
    assert state.delivered_at == T0 + timedelta(hours=1)


def test_step_continues_a_fold_exactly() -> None:
    points = [
        at(0, S.PICKED_UP),
        at(3, S.DELIVERY_FAILED, reason=NdrReason.PREMISES_CLOSED),
        at(9, S.DELIVERED),
    ]
    assert step(fold(points[:2]), points[2]) == fold(points)


statuses = st.sampled_from(S.values)
reasons = st.sampled_from(["", *NdrReason.values])
events = st.lists(
    st.builds(
        StatusPoint,
        occurred_at=st.integers(min_value=0, max_value=200).map(lambda h: T0 + timedelta(hours=h)),
        status=statuses,
        dedupe_key=st.text(alphabet="abcdef", min_size=1, max_size=4),
        ndr_reason=reasons,
    ),
    max_size=25,
    unique_by=lambda p: p.dedupe_key,
)


@settings(max_examples=400, deadline=None)
@given(events=events, data=st.data())
def test_property_replaying_events_in_any_order_gives_the_same_state(
    events: list[StatusPoint], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(events))
    assert fold(shuffled) == fold(events)


@settings(max_examples=400, deadline=None)
@given(events=events)
def test_property_a_terminal_state_is_never_left(events: list[StatusPoint]) -> None:
    state = FoldState()
    for point in sorted(events, key=lambda p: (p.occurred_at, p.dedupe_key)):
        before = state.status
        state = step(state, point)
        if before in TERMINAL:
            assert state.status == before
