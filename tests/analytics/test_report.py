"""The weekly report: last week's figures mailed once to owners and managers, text and HTML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from analytics_helpers import DAY, catalogue, costs, order, ship
from django.core import mail

from wasl.analytics.models import AnalyticsSettings, WeeklyReport
from wasl.analytics.refresh import analytics_refresh
from wasl.analytics.report import weekly_reports_send

pytestmark = pytest.mark.django_db
# DAY is Monday 4 May 2026: a week later the report covers 4 to 10 May.
NEXT_MONDAY = DAY + timedelta(days=7)


@pytest.fixture
def staff(store, settings):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from wasl.stores.models import StoreMember

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WASL_PUBLIC_URL = "https://wasl.example"
    store.language = "en"
    store.save()
    users = get_user_model().objects
    for name, role in (("owner", "owner"), ("manager", "manager"), ("agent", "agent")):
        user = users.create_user(username=name, email=f"{name}@shop.example", password="x" * 20)
        StoreMember.objects.create(store=store, user=user, role=role)
    return store


def test_owners_and_managers_get_last_weeks_figures_once(staff) -> None:  # type: ignore[no-untyped-def]
    # Given a week with three orders: two delivered (COD) and one returned to origin after a refused delivery,
    # and one order the week before
    catalogue(staff)
    costs(staff)
    for _ in range(2):
        ship(order(staff, shirts=1), "picked_up", "delivered")
    refused = order(staff, shirts=1, placed_at=DAY + timedelta(days=2))
    ship(refused, "picked_up", "delivery_failed", "rto_initiated", ndr_reason="refused")
    order(staff, shirts=1, placed_at=DAY - timedelta(days=3))
    analytics_refresh(store=staff)

    # When the task runs the next Monday, twice
    first = weekly_reports_send(now=NEXT_MONDAY)
    second = weekly_reports_send(now=NEXT_MONDAY + timedelta(hours=1))

    # Then the owner and the manager got one e-mail, the agent none; profit is 2 x (100 - 40 - 20 - 7) - 35
    assert (first, second) == (2, 0)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == ["manager@shop.example", "owner@shop.example"]
    assert sent.subject == "Souq Test: your week of 2026-05-04"
    assert sent.body == (
        "Souq Test: the week from 4 May 2026 to 10 May 2026\n"
        "\n"
        "Orders: 3 (200% against the week before)\n"
        "Delivery rate: 66.7%\n"
        "RTO rate: 33.3%\n"
        "Order value: SAR300.00\n"
        "Profit of settled orders: SAR31.00\n"
        "Messages sent: 0 (SAR0.00)\n"
        "\n"
        "Failed deliveries by reason:\n"
        "- Refused by customer: 1\n"
        "\n"
        "The dashboard: https://wasl.example/console/souq-test/dashboard/\n"
    )
    html, kind = sent.alternatives[0]
    assert kind == "text/html"
    assert '<th align="start">RTO rate</th><td>33.3%</td>' in html
    assert WeeklyReport.objects.get(store=staff).recipients == 2


def test_a_store_that_turned_the_report_off_gets_none(staff) -> None:  # type: ignore[no-untyped-def]
    AnalyticsSettings.objects.create(store=staff, weekly_report=False)

    assert weekly_reports_send(now=datetime(2026, 5, 11, 9, tzinfo=UTC)) == 0
    assert mail.outbox == []
