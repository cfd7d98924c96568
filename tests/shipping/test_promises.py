"""Delivery promises: working days, the lane quantile and its fallbacks, the date set at creation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from shipping.promise_helpers import order_to, parcel
from wasl.shipping.calendar import WorkCalendar
from wasl.shipping.promise_stats import lane_stats_refresh, nearest_rank
from wasl.shipping.promises import calendar_for, promise_for_order, promise_for_shipment
from wasl.shipping.promises_models import CarrierLaneStat, PromiseSettings
from wasl.shipping.rates_models import ShipmentEstimate

LABEL = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)  # a Monday
REFRESH_AT = datetime(2026, 6, 1, tzinfo=UTC)


def _saudi_calendar() -> WorkCalendar:
    return WorkCalendar.build(working_days="012356", holidays=["2026-05-12"], zone="Asia/Riyadh")


def test_given_fridays_off_and_a_holiday_when_days_are_added_and_counted_then_both_are_skipped() -> None:
    calendar = _saudi_calendar()
    monday = date(2026, 5, 4)
    assert calendar.add(monday, 0) == monday
    assert calendar.add(monday, 3) == date(2026, 5, 7)  # Thursday
    assert calendar.add(monday, 4) == date(2026, 5, 9)  # Saturday: Friday is off
    assert calendar.add(monday, 7) == date(2026, 5, 13)  # Wednesday: Tuesday the 12th is a holiday
    assert calendar.add(date(2026, 5, 8), 0) == date(2026, 5, 9)  # a Friday starts on Saturday
    assert calendar.between(monday, date(2026, 5, 6)) == 2
    assert calendar.between(monday, date(2026, 5, 10)) == 5
    assert calendar.between(monday, monday) == 0
    assert calendar.local_date(datetime(2026, 5, 4, 22, 0, tzinfo=UTC)) == date(2026, 5, 5)


def test_nearest_rank_percentiles() -> None:
    assert nearest_rank([1, 2, 2, 3, 5], 80) == 3
    assert nearest_rank([1, 2, 2, 3, 5], 20) == 1
    assert nearest_rank([1, 2, 2, 3, 5], 50) == 2
    assert nearest_rank([4], 99) == 4
    assert nearest_rank([], 80) == 0


@pytest.mark.django_db
def test_given_no_history_when_a_shipment_is_created_then_it_is_promised_the_constant_and_then_the_store_default(
    store,
) -> None:
    # Given a store with no history
    calendar = calendar_for(store)
    today = calendar.local_date(timezone.now())
    # When a parcel is created, Then it is promised five working days, and the estimate says why
    first = parcel(store, "2001")
    assert first.promised_date == calendar.add(today, 5)
    estimate = ShipmentEstimate.objects.get(shipment=first)
    assert (estimate.promise_basis, estimate.lane, estimate.earliest_date) == (
        "constant",
        "* > riyadh",
        calendar.add(today, 3),
    )
    # And with a store default of 2 days, the next parcel is promised that
    PromiseSettings.objects.create(store=store, default_transit_days=2, origin_city="Riyadh")
    second = parcel(store, "2002")
    assert second.promised_date == calendar.add(today, 2)
    promise = promise_for_shipment(shipment=second)
    assert promise is not None
    assert (promise.date, promise.earliest, promise.basis, promise.lane, promise.carrier) == (
        calendar.add(today, 2),
        calendar.add(today, 1),
        "store default",
        "riyadh > riyadh",
        "aramex",
    )


@pytest.mark.django_db
def test_given_lane_history_when_figures_are_refreshed_then_new_parcels_get_the_lane_80th_percentile(
    store,
) -> None:
    # Given five deliveries from Riyadh to Riyadh in 1, 2, 2, 3 and 5 working days (Friday off)
    PromiseSettings.objects.create(store=store, min_samples=5, origin_city="Riyadh")
    delivered = [date(2026, 5, 5), date(2026, 5, 6), date(2026, 5, 6), date(2026, 5, 7), date(2026, 5, 10)]
    for index, day in enumerate(delivered):
        end_at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
        parcel(store, f"30{index}", label_at=LABEL, end="delivered", end_at=end_at, ndr=index == 4)
    # When the figures are rebuilt
    assert lane_stats_refresh(store=store, now=REFRESH_AT) == 3  # the lane, the country and the carrier
    lane = CarrierLaneStat.objects.get(store=store, carrier="aramex", scope="lane:riyadh > riyadh")
    assert (lane.samples, lane.days_low, lane.days_median, lane.days_p80, lane.days_promise) == (
        5,
        1,
        2,
        3,
        3,
    )
    assert (lane.settled, lane.delivered, lane.rto, lane.with_ndr, lane.label) == (
        5,
        5,
        0,
        1,
        "Riyadh → Riyadh",
    )
    # Then a new parcel on the lane is promised 3 working days, at the earliest 1
    calendar = calendar_for(store)
    today = calendar.local_date(timezone.now())
    fresh = parcel(store, "3100")
    promise = promise_for_shipment(shipment=fresh)
    assert promise is not None
    assert (fresh.promised_date, promise.date, promise.earliest, promise.basis) == (
        calendar.add(today, 3),
        calendar.add(today, 3),
        calendar.add(today, 1),
        "lane n=5",
    )
    # And a parcel to a city without history falls back to the country; another carrier to the constant
    jeddah = promise_for_shipment(shipment=parcel(store, "3101", city="Jeddah"))
    other = promise_for_shipment(shipment=parcel(store, "3102", carrier="smsa"))
    assert jeddah is not None and other is not None
    assert (jeddah.basis, jeddah.date, jeddah.lane) == (
        "country n=5",
        calendar.add(today, 3),
        "riyadh > jeddah",
    )
    assert (other.basis, other.date) == ("constant", calendar.add(today, 5))


@pytest.mark.django_db
def test_given_an_order_not_shipped_when_asked_then_the_default_carrier_promise_counts_handling_days(
    store,
) -> None:
    # Given a store that ships with smsa, two days to hand over and three in transit
    PromiseSettings.objects.create(
        store=store, default_carrier="smsa", handling_days=2, default_transit_days=3
    )
    order = order_to(store, "4001")
    calendar = calendar_for(store)
    start = calendar.add(calendar.local_date(timezone.now()), 2)
    # When the promise is asked before shipping
    promise = promise_for_order(order=order)
    # Then it starts after the handling days, with the default carrier
    assert promise is not None
    assert (promise.carrier, promise.date, promise.earliest, promise.basis) == (
        "smsa",
        calendar.add(start, 3),
        calendar.add(start, 2),
        "store default",
    )
    # And once the parcel exists, the order's promise is the parcel's
    shipped = parcel(store, "4002", carrier="aramex")
    assert shipped.order is not None
    after = promise_for_order(order=shipped.order)
    assert after is not None
    assert (after.carrier, after.date) == ("aramex", shipped.promised_date)


@pytest.mark.django_db
def test_given_a_store_without_any_carrier_when_an_order_asks_then_there_is_no_promise(store) -> None:
    assert promise_for_order(order=order_to(store, "5001")) is None
