"""The dashboard and profit pages: members only, figures from the rollups, the range form, costs and CAC."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "analytics"))
from analytics_helpers import catalogue, costs, message, order, returned, ship

from wasl.analytics.models import AcquisitionCost, AnalyticsSettings
from wasl.analytics.refresh import analytics_refresh

pytestmark = pytest.mark.django_db
RANGE = {"start": "2026-05-01", "end": "2026-05-31"}


@pytest.fixture
def shop(store):  # type: ignore[no-untyped-def]
    """Two COD orders in May 2026: one delivered (then a T-shirt returned for credit), one returned to origin."""
    catalogue(store)
    costs(store)
    delivered = order(store, shirts=2, city="Riyadh")
    ship(delivered, "picked_up", "delivered")
    message(delivered, status="read", replied=True)
    returned(delivered, outcome="credited", reason="damaged", grade="damaged")
    failed = order(store, shirts=1, city="Jeddah", phone="0501234599")
    ship(failed, "picked_up", "delivery_failed", "rto_initiated", carrier="smsa", ndr_reason="refused")
    analytics_refresh(store=store)
    return store


def test_a_stranger_cannot_see_another_stores_dashboard(client, shop, other_store) -> None:  # type: ignore[no-untyped-def]
    from console_helpers import member

    client.force_login(member(other_store, username="stranger"))
    assert client.get(f"/console/{shop.slug}/dashboard/").status_code == 404
    assert client.get(f"/console/{shop.slug}/profit/").status_code == 404


def test_the_dashboard_shows_the_ranges_figures_and_charts(console, shop) -> None:  # type: ignore[no-untyped-def]
    # When the merchant opens May's dashboard split by carrier
    response = console.get(f"/console/{shop.slug}/dashboard/", {**RANGE, "by": "carrier"})

    # Then the key figures, one row per carrier and the charts are there
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>2</strong>" in page  # orders
    assert "<strong>50.0%</strong>" in page  # delivery rate and RTO rate: one of two each
    rows = [(name, f.orders, f.rto) for name, f in response.context["dimension_rows"]]
    assert rows == [("Aramex", 1, 0), ("Smsa", 1, 1)]
    assert response.context["ndr_rows"] == [("Refused by customer", 1)]
    assert response.context["return_rows"] == [("Damaged", 1)]
    assert page.count('<svg class="chart"') == 9
    funnel = response.context["funnel"][0][1]
    assert (funnel.sent, funnel.delivered, funnel.read, funnel.replied) == (1, 1, 1, 1)


def test_a_reversed_range_is_refused_with_a_message(console, shop) -> None:  # type: ignore[no-untyped-def]
    response = console.get(f"/console/{shop.slug}/dashboard/", {"start": "2026-05-31", "end": "2026-05-01"})

    assert response.status_code == 400
    assert "The start of the range comes after its end." in response.content.decode()


def test_a_malformed_date_is_a_form_error_not_a_crash(console, shop) -> None:  # type: ignore[no-untyped-def]
    response = console.get(f"/console/{shop.slug}/dashboard/", {"start": "yesterday", "by": "planet"})

    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"start", "by"}


def test_the_dashboard_in_arabic_draws_right_to_left(console, shop) -> None:  # type: ignore[no-untyped-def]
    response = console.get(f"/console/{shop.slug}/dashboard/", RANGE, HTTP_ACCEPT_LANGUAGE="ar")
    console.cookies["django_language"] = "ar"
    response = console.get(f"/console/{shop.slug}/dashboard/", RANGE)

    page = response.content.decode()
    assert 'dir="rtl"' in page and 'direction="rtl"' in page


def test_the_profit_page_shows_true_profit_per_order_and_returns(console, shop) -> None:  # type: ignore[no-untyped-def]
    response = console.get(f"/console/{shop.slug}/profit/", RANGE)

    assert response.status_code == 200
    totals = response.context["totals"]
    # Delivered: 200 - 80 - 20 - 9 (COD) - 0.05 - 18 (return pickup) = 72.95; RTO: -20 - 15 = -35
    assert totals.profit == Decimal("37.95")
    assert totals.kept_revenue == Decimal("200")
    outcomes = [(label, row["units_"], row["value_"]) for label, row in response.context["outcomes"]]
    assert outcomes == [("Credited", 1, Decimal("100"))]
    assert [label for label, _ in response.context["grades"]] == ["Damaged"]


def test_costs_saved_from_the_profit_page_are_used_after_the_refresh(
    console, shop, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    values = {
        "forward_shipping_cost": "25",
        "rto_shipping_cost": "15",
        "reverse_shipping_cost": "18",
        "cod_fee_fixed": "5",
        "cod_fee_percent": "2",
        "whatsapp_message_cost": "0.05",
        "sms_message_cost": "0.2",
        "email_message_cost": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(f"/console/{shop.slug}/profit/costs/", values)

    assert response.status_code == 302
    assert AnalyticsSettings.objects.get(store=shop).forward_shipping_cost == Decimal("25")
    analytics_refresh(store=shop, full=True)
    profit = console.get(f"/console/{shop.slug}/profit/", RANGE).context["totals"].profit
    assert profit == Decimal("27.95")


def test_a_negative_cost_is_a_form_error(console, shop) -> None:  # type: ignore[no-untyped-def]
    response = console.post(f"/console/{shop.slug}/profit/costs/", {"forward_shipping_cost": "-1"})

    assert response.status_code == 400
    assert "forward_shipping_cost" in response.context["costs_form"].errors


def test_spend_per_channel_and_month_gives_the_cac(console, shop) -> None:  # type: ignore[no-untyped-def]
    response = console.post(
        f"/console/{shop.slug}/profit/acquisition/",
        {"channel": "Shopify", "month": "2026-05", "spend": "300"},
    )

    assert response.status_code == 302
    saved = AcquisitionCost.objects.get(store=shop)
    assert (saved.channel, saved.month, saved.spend) == ("shopify", date(2026, 5, 1), Decimal("300"))
    rows = console.get(f"/console/{shop.slug}/profit/", RANGE).context["acquisition"]
    assert [(r.channel, r.customers, r.cac) for r in rows] == [("shopify", 2, Decimal("150.00"))]
