"""/api/v1/analytics: figures of a range, cost settings, acquisition costs, refresh; errors with stable codes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from analytics_helpers import catalogue, costs, order, ship

from wasl.analytics.models import AcquisitionCost, AnalyticsSettings
from wasl.analytics.refresh import analytics_refresh

pytestmark = pytest.mark.django_db


def test_the_summary_has_the_ranges_figures(api, store) -> None:  # type: ignore[no-untyped-def]
    catalogue(store)
    costs(store)
    ship(order(store, shirts=1), "picked_up", "delivered")
    ship(order(store, shirts=1, phone="0501234511"), "picked_up", "rto_initiated")
    analytics_refresh(store=store)

    response = api.get("/api/v1/analytics/summary", start="2026-05-01", end="2026-05-31")

    assert response.status_code == 200
    body = response.json()
    assert (body["orders"], body["delivered"], body["rto"], body["rto_rate"]) == (2, 1, 1, 0.5)
    assert Decimal(body["profit"]) == Decimal("33") - 35


def test_a_reversed_range_is_a_stable_error(api) -> None:  # type: ignore[no-untyped-def]
    response = api.get("/api/v1/analytics/summary", start="2026-05-31", end="2026-05-01")

    assert response.status_code == 400
    assert response.json()["code"] == "range_reversed"


def test_acquisition_costs_are_set_listed_and_deleted(api, store) -> None:  # type: ignore[no-untyped-def]
    saved = api.client.put(
        "/api/v1/analytics/acquisition-costs",
        '{"channel": "Salla", "month": "2026-04", "spend": "500", "new_customers": 20}',
        content_type="application/json",
        headers=api.headers,
    )
    assert saved.status_code == 200
    assert AcquisitionCost.objects.get(store=store).month.isoformat() == "2026-04-01"

    listed = api.get("/api/v1/analytics/acquisition-costs", start="2026-04-01", end="2026-04-30").json()
    assert listed == [
        {"channel": "salla", "month": "2026-04", "spend": "500.000", "new_customers": 20, "cac": "25.00"}
    ]

    gone = api.client.delete("/api/v1/analytics/acquisition-costs/salla/2026-04", headers=api.headers)
    assert gone.status_code == 204
    again = api.client.delete("/api/v1/analytics/acquisition-costs/salla/2026-04", headers=api.headers)
    assert (again.status_code, again.json()["code"]) == (404, "acquisition_cost_not_found")


def test_a_bad_month_or_a_negative_cost_is_refused(api) -> None:  # type: ignore[no-untyped-def]
    bad_month = api.client.put(
        "/api/v1/analytics/acquisition-costs",
        '{"channel": "salla", "month": "April", "spend": "5"}',
        content_type="application/json",
        headers=api.headers,
    )
    assert (bad_month.status_code, bad_month.json()["code"]) == (400, "invalid_month")
    negative = api.client.patch(
        "/api/v1/analytics/settings",
        '{"forward_shipping_cost": "-2"}',
        content_type="application/json",
        headers=api.headers,
    )
    assert (negative.status_code, negative.json()["code"]) == (400, "invalid_amount")


def test_settings_are_changed_through_the_api(api, store) -> None:  # type: ignore[no-untyped-def]
    response = api.client.patch(
        "/api/v1/analytics/settings",
        '{"forward_shipping_cost": "22.5", "weekly_report": false}',
        content_type="application/json",
        headers=api.headers,
    )

    assert response.status_code == 200
    saved = AnalyticsSettings.objects.get(store=store)
    assert (saved.forward_shipping_cost, saved.weekly_report) == (Decimal("22.5"), False)
    assert api.get("/api/v1/analytics/settings").json()["forward_shipping_cost"] == "22.500"


def test_another_stores_key_sees_only_its_own_figures(client, store, other_store) -> None:  # type: ignore[no-untyped-def]
    from wasl.stores.services import api_key_create

    catalogue(store)
    ship(order(store, shirts=1), "picked_up", "delivered")
    analytics_refresh(store=store)
    key = api_key_create(store=other_store, name="other")[1]

    response = client.get(
        "/api/v1/analytics/summary",
        {"start": "2026-05-01", "end": "2026-05-31"},
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.json()["orders"] == 0
