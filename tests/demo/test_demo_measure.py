"""The measuring code behind the calibration figures, checked on hand-made orders with known answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from wasl.demo.measure import days_bucket, days_to_first_attempt, measure
from wasl.demo.types import DemoOrder, Outcome
from wasl.orders.types import AddressData, OrderData

NOW = datetime(2025, 6, 30, tzinfo=UTC)
OLD = NOW - timedelta(days=60)


def _order(
    outcome: Outcome | None,
    *,
    cod: bool = True,
    city: str = "Riyadh",
    placed: datetime = OLD,
    ndr: tuple[str, ...] = (),
    rto_reason: str = "",
    first_attempt_days: float | None = 1.5,
) -> DemoOrder:
    order = OrderData(
        channel="salla",
        external_id="1",
        placed_at=placed,
        currency="SAR",
        total=Decimal("100.00"),
        payment_method="cod" if cod else "prepaid",
        shipping_address=AddressData(city=city, country="SA"),
    )
    shipped = outcome is not Outcome.CANCELLED
    first = (
        placed + timedelta(days=first_attempt_days) if first_attempt_days is not None and shipped else None
    )
    return DemoOrder(
        order,
        "C1",
        "smsa" if shipped else "",
        "29" if shipped else "",
        (),
        outcome,
        placed + timedelta(days=5) if outcome else None,
        ndr,
        rto_reason,
        first,
    )


def test_given_hand_made_orders_when_measured_then_each_rate_counts_what_it_says() -> None:
    orders = [
        _order(Outcome.RTO, ndr=("customer_unavailable",), rto_reason="customer_unavailable"),
        _order(Outcome.RTO, rto_reason="refused", city="Jeddah", first_attempt_days=4.5),
        _order(Outcome.DELIVERED),
        _order(Outcome.RETURNED, ndr=("phone_unreachable",)),
        _order(Outcome.RTO, cod=False, rto_reason="refused"),
        _order(Outcome.DELIVERED, cod=False),
        _order(Outcome.CANCELLED),
        _order(Outcome.LOST),
        _order(None, placed=NOW - timedelta(days=2)),  # in flight, and too recent to count
        _order(Outcome.RTO, placed=NOW - timedelta(days=10), rto_reason="refused"),  # recent: not settled
    ]
    figures = measure(orders, now=NOW)
    assert figures.orders == 10
    assert (figures.cod.hits, figures.cod.total) == (8, 10)
    assert (figures.cancelled.hits, figures.cancelled.total) == (1, 8)
    assert (figures.rto_cod.hits, figures.rto_cod.total) == (2, 5)
    assert (figures.rto_prepaid.hits, figures.rto_prepaid.total) == (1, 2)
    assert (figures.rto_is_cod.hits, figures.rto_is_cod.total) == (2, 3)
    assert (figures.ndr.hits, figures.ndr.total) == (2, 7)
    assert (figures.refused_cod.hits, figures.refused_cod.total) == (1, 2)
    assert (figures.refused_prepaid.hits, figures.refused_prepaid.total) == (1, 1)
    assert (figures.returned.hits, figures.returned.total) == (1, 3)
    assert (figures.lost.hits, figures.lost.total) == (1, 7)
    assert figures.in_flight == 1
    assert {city: (t.hits, t.total) for city, t in figures.rto_cod_by_city.items()} == {
        "Riyadh": (1, 4),
        "Jeddah": (1, 1),
    }
    assert {bucket: (t.hits, t.total) for bucket, t in figures.rto_cod_by_days.items()} == {
        "1-2": (1, 4),
        "3-5": (1, 1),
    }
    assert figures.city_rates(min_orders=2) == {"Riyadh": 0.25}


def test_given_days_when_bucketed_then_the_published_bands_are_used() -> None:
    assert [days_bucket(days) for days in (0, 1, 2, 3, 5, 6, 11)] == [
        "1-2",
        "1-2",
        "1-2",
        "3-5",
        "3-5",
        ">5",
        ">5",
    ]


def test_given_a_late_evening_order_when_days_are_counted_then_the_buyers_calendar_is_used() -> None:
    """22:30 UTC is 01:30 the next day in Riyadh; a round at 06:00 UTC that day is the same local day."""
    placed = datetime(2025, 5, 1, 22, 30, tzinfo=UTC)
    order = _order(Outcome.DELIVERED, placed=placed, first_attempt_days=7.5 / 24)
    assert days_to_first_attempt(order) == 0
    assert days_to_first_attempt(_order(Outcome.RTO, first_attempt_days=None)) is None
