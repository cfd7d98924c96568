"""The published figures, checked on 20,000 generated orders (seed 7) with bounds wide enough for sampling noise.

Sources are quoted in docs/demo-data.md; outcome rates count settled orders (placed 30+ days before `now`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wasl.demo import generate_shop
from wasl.demo.measure import Calibration, measure

ANCHOR = datetime(2025, 6, 30, tzinfo=UTC)


def test_cod_share_is_60_to_65_percent_of_orders(calibration: Calibration) -> None:
    assert calibration.cod.total == 20_000
    assert 0.60 <= calibration.cod.rate <= 0.65


def test_about_a_quarter_of_cod_shipments_return_to_origin(calibration: Calibration) -> None:
    assert calibration.rto_cod.total > 9000
    assert 0.20 <= calibration.rto_cod.rate <= 0.30


def test_prepaid_shipments_rarely_return_to_origin(calibration: Calibration) -> None:
    assert calibration.rto_prepaid.total > 5000
    assert 0.01 <= calibration.rto_prepaid.rate <= 0.05


def test_about_nine_in_ten_rtos_are_cod(calibration: Calibration) -> None:
    assert 0.86 <= calibration.rto_is_cod.rate <= 0.96


def test_ndr_at_least_one_failed_attempt_hits_8_to_14_percent_of_shipments(calibration: Calibration) -> None:
    assert 0.08 <= calibration.ndr.rate <= 0.14


def test_refusal_is_about_half_of_cod_rtos_and_under_a_third_of_prepaid_rtos(
    calibration: Calibration,
) -> None:
    assert 0.46 <= calibration.refused_cod.rate <= 0.58
    assert calibration.refused_prepaid.total > 100
    assert 0.19 <= calibration.refused_prepaid.rate <= 0.39
    assert calibration.refused_cod.rate - calibration.refused_prepaid.rate >= 0.12


def test_cod_rto_spreads_from_about_18_to_about_35_percent_across_big_cities(
    calibration: Calibration,
) -> None:
    rates = calibration.city_rates(min_orders=300)
    assert len(rates) >= 8
    assert 0.15 <= min(rates.values()) <= 0.23
    assert 0.30 <= max(rates.values()) <= 0.40


def test_cod_rto_rises_with_days_to_first_attempt(calibration: Calibration) -> None:
    by_days = calibration.rto_cod_by_days
    assert min(tally.total for tally in by_days.values()) > 500
    fast, middle, slow = by_days["1-2"].rate, by_days["3-5"].rate, by_days[">5"].rate
    assert 0.18 <= fast <= 0.26
    assert 0.23 <= middle <= 0.31
    assert 0.29 <= slow <= 0.42
    assert fast < middle < slow


def test_about_five_percent_of_delivered_shipments_are_returned(calibration: Calibration) -> None:
    assert 0.04 <= calibration.returned.rate <= 0.06


def test_a_few_percent_of_orders_are_cancelled_before_shipping(calibration: Calibration) -> None:
    assert 0.02 <= calibration.cancelled.rate <= 0.06


def test_few_parcels_are_lost(calibration: Calibration) -> None:
    assert 0.001 <= calibration.lost.rate <= 0.008


def test_saudi_orders_come_mostly_through_salla_then_shopify(calibration: Calibration) -> None:
    shares = {channel: count / calibration.orders for channel, count in calibration.channels.items()}
    assert set(shares) == {"salla", "shopify", "woocommerce", "api"}
    assert 0.43 <= shares["salla"] <= 0.49
    assert 0.21 <= shares["shopify"] <= 0.27
    assert 0.09 <= shares["api"] <= 0.15


@pytest.mark.parametrize("market", ["AE", "EG", "MA", "IN"])
def test_other_markets_land_near_the_same_cod_and_prepaid_rto(market: str) -> None:
    """10,000 orders per market: looser bounds for the smaller sample."""
    shop = generate_shop(orders=10_000, days=120, seed=7, market=market, now=ANCHOR)
    figures = measure(shop.orders, now=shop.now)
    assert 0.59 <= figures.cod.rate <= 0.67
    assert 0.20 <= figures.rto_cod.rate <= 0.31
    assert 0.01 <= figures.rto_prepaid.rate <= 0.05
    assert 0.08 <= figures.ndr.rate <= 0.15
    by_days = figures.rto_cod_by_days
    assert by_days["1-2"].rate < by_days["3-5"].rate < by_days[">5"].rate
