"""RTO follows the features a risk model can see, each only partly: computed here from the data alone."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from wasl.demo.types import AddressQuality, DemoShop, Outcome

_SHIPPED = (Outcome.DELIVERED, Outcome.RETURNED, Outcome.RTO, Outcome.LOST)


@dataclass(frozen=True)
class Row:
    rto: bool
    quality: str
    first_order: bool
    past_rtos: int
    phone_reused: bool
    total: float
    local_hour: int


def _rate(rows: list[Row]) -> float:
    return sum(row.rto for row in rows) / len(rows)


@pytest.fixture(scope="module")
def cod_rows(large_shop: DemoShop) -> list[Row]:
    """Settled COD shipments with what was known about each when it was placed."""
    quality = {customer.external_id: customer.address_quality for customer in large_shop.customers}
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for customer in large_shop.customers:
        owners[customer.phone].add(customer.external_id)
    phone = {customer.external_id: customer.phone for customer in large_shop.customers}
    settled_before = large_shop.now - timedelta(days=30)
    seen: Counter[str] = Counter()
    rto_times: defaultdict[str, list[datetime]] = defaultdict(list)
    rows = []
    for order in large_shop.orders:
        placed = order.order.placed_at
        past = sum(1 for moment in rto_times[order.customer_id] if moment < placed)
        first = seen[order.customer_id] == 0
        seen[order.customer_id] += 1
        if order.outcome is Outcome.RTO and order.outcome_at is not None:
            rto_times[order.customer_id].append(order.outcome_at)
        if order.order.payment_method != "cod" or order.outcome not in _SHIPPED or placed >= settled_before:
            continue
        rows.append(
            Row(
                rto=order.outcome is Outcome.RTO,
                quality=quality[order.customer_id],
                first_order=first,
                past_rtos=past,
                phone_reused=len(owners[phone[order.customer_id]]) > 1,
                total=float(order.order.total),
                local_hour=(placed + timedelta(hours=3)).hour,
            )
        )
    return rows


def test_vaguer_addresses_return_more_often(cod_rows: list[Row]) -> None:
    by_quality = {q: _rate([r for r in cod_rows if r.quality == q]) for q in AddressQuality}
    assert by_quality[AddressQuality.PLACEHOLDER] - by_quality[AddressQuality.COMPLETE] >= 0.10
    assert (
        by_quality[AddressQuality.VAGUE]
        > by_quality[AddressQuality.PARTIAL]
        > by_quality[AddressQuality.COMPLETE]
    )


def test_buyers_who_refused_before_refuse_again_more_often(cod_rows: list[Row]) -> None:
    repeat_clean = [r for r in cod_rows if not r.first_order and r.past_rtos == 0]
    repeat_refuser = [r for r in cod_rows if r.past_rtos > 0]
    first = [r for r in cod_rows if r.first_order]
    assert len(repeat_refuser) > 200
    assert _rate(repeat_refuser) - _rate(first) >= 0.12
    assert _rate(first) > _rate(repeat_clean)


def test_a_phone_number_shared_between_buyers_returns_more_often(cod_rows: list[Row]) -> None:
    shared = [r for r in cod_rows if r.phone_reused]
    assert len(shared) > 300
    assert _rate(shared) - _rate([r for r in cod_rows if not r.phone_reused]) >= 0.04


def test_dearer_cod_orders_return_more_often(cod_rows: list[Row]) -> None:
    totals = sorted(r.total for r in cod_rows)
    low, high = totals[len(totals) // 4], totals[3 * len(totals) // 4]
    assert (
        _rate([r for r in cod_rows if r.total >= high]) - _rate([r for r in cod_rows if r.total <= low])
        >= 0.04
    )


def test_orders_placed_after_midnight_return_more_often(cod_rows: list[Row]) -> None:
    night = [r for r in cod_rows if r.local_hour < 5]
    day = [r for r in cod_rows if 9 <= r.local_hour < 21]
    assert len(night) > 400
    assert _rate(night) - _rate(day) >= 0.03


def test_no_single_feature_decides_the_outcome(cod_rows: list[Row]) -> None:
    groups: dict[str, list[Row]] = {
        "placeholder address": [r for r in cod_rows if r.quality == AddressQuality.PLACEHOLDER],
        "complete address": [r for r in cod_rows if r.quality == AddressQuality.COMPLETE],
        "past refusal": [r for r in cod_rows if r.past_rtos > 0],
        "shared phone": [r for r in cod_rows if r.phone_reused],
        "night": [r for r in cod_rows if r.local_hour < 5],
    }
    for name, rows in groups.items():
        assert 0.08 <= _rate(rows) <= 0.70, name
