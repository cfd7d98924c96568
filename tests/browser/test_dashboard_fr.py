"""The dashboard in a real browser: a French-speaking merchant signs in and reads May's figures and charts."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "analytics"))
from analytics_helpers import catalogue, costs, message, order, returned, ship
from console_helpers import PASSWORD, member

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_french_merchant_reads_the_dashboard_and_the_profit_page(
    live_server: Any, page: Any, shoot: Any, store: Any
) -> None:
    from wasl.analytics.refresh import analytics_refresh

    # Given a store with a delivered order (later returned for credit) and one returned to origin in May 2026
    catalogue(store)
    costs(store)
    delivered = order(store, shirts=2)
    ship(delivered, "picked_up", "delivered")
    message(delivered, status="read", replied=True)
    returned(delivered, outcome="credited", reason="damaged")
    failed = order(store, shirts=1, city="Jeddah", phone="0501234599")
    ship(failed, "picked_up", "delivery_failed", "rto_initiated", carrier="smsa", ndr_reason="refused")
    analytics_refresh(store=store)
    member(store, role="owner")

    # When the merchant signs in in French and opens the dashboard for May
    page.goto(f"{live_server.url}/console/login/")
    page.evaluate("document.cookie = 'django_language=fr; path=/'")
    page.goto(f"{live_server.url}/console/login/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", PASSWORD)
    page.click("form:has(#id_password) button[type=submit]")
    page.wait_for_url(re.compile(rf"/console/{store.slug}/"))
    page.click("nav.sections >> text=Tableau de bord")
    page.wait_for_url(re.compile(r"/dashboard/$"))
    page.fill("input[name=start]", "2026-05-01")
    page.fill("input[name=end]", "2026-05-31")
    page.select_option("select[name=by]", "carrier")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"start=2026-05-01"))
    shoot(page, "dashboard")

    # Then the page is in French, with its key figures and drawn charts
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Tableau de bord"
    figures = page.locator("ul.figures li")
    assert "Taux de livraison" in figures.nth(1).inner_text() and "50,0%" in figures.nth(1).inner_text()
    assert page.locator("svg.chart").count() == 9
    # Orders are drawn as a line over the month; the rates, known on one day only, as points
    assert page.locator("svg.chart polyline").count() == 1
    assert page.locator("svg.chart circle").count() == 31 + 2 + 2 + 2
    assert page.locator("#by-dimension tbody tr").count() == 2
    assert page.get_by_text("Échecs de livraison par motif").count() == 2  # the heading and the chart's title
    box = page.locator("svg.chart").first.bounding_box()
    assert box is not None and box["width"] > 300

    # And the profit page shows the true profit of the month
    page.click("ul.figures a")
    page.wait_for_url(re.compile(r"/profit/"))
    shoot(page, "profit")
    assert page.locator("h1").inner_text() == "Bénéfice réel"
    assert "37,95" in page.locator("#profit-total").inner_text()
