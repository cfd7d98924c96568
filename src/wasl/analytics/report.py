"""The weekly report: last week's figures for each store, mailed to its owners and managers.

Sent through Django's e-mail backend (the EMAIL_* settings). A row per store and week is written in the same
transaction as the sending, so a second run in the same week sends nothing, and a failed send is tried again
at the next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wasl.analytics import labels
from wasl.analytics.models import AnalyticsSettings, WeeklyReport
from wasl.analytics.selectors import Figures, message_funnel, ndr_reasons, return_reasons, totals
from wasl.stores.models import StaffRole, Store, StoreMember

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Report:
    subject: str
    text: str
    html: str


def last_week(now: datetime, store: Store) -> tuple[date, date]:
    """Monday to Sunday of the last full week in the store's time zone."""
    today = now.astimezone(ZoneInfo(store.timezone)).date()
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(days=7), this_monday - timedelta(days=1)


def recipients(store: Store) -> list[str]:
    members = StoreMember.objects.filter(
        store=store, role__in=(StaffRole.OWNER, StaffRole.MANAGER), user__is_active=True
    ).exclude(user__email="")
    return sorted({member.user.email for member in members.select_related("user")})


def report_build(*, store: Store, start: date, end: date) -> Report:
    """The report of `start`..`end` in the store's language, as plain text and HTML."""
    with translation.override(store.language):
        week = totals(store, start, end)
        before = totals(store, start - timedelta(days=7), end - timedelta(days=7))
        funnel = message_funnel(store, start, end)
        ndr = ndr_reasons(store, start, end)[:3]
        returns = return_reasons(store, start, end)[:3]
        context = {
            "store": store,
            "start": start,
            "end": end,
            "week": week,
            "before": before,
            "change": _change(week, before),
            "ndr": [(labels.ndr_reason_label(code), count) for code, count in ndr],
            "returns": [(labels.return_reason_label(code), units) for code, units in returns],
            "messages_sent": sum(f.sent for f in funnel),
            "message_cost": sum((f.cost for f in funnel), start=Decimal(0)),
            "dashboard_url": f"{settings.WASL_PUBLIC_URL}/console/{store.slug}/dashboard/",
        }
        subject = _("%(store)s: your week of %(start)s") % {"store": store.name, "start": start.isoformat()}
        text = render_to_string("analytics/weekly_report.txt", context)
        html = render_to_string("analytics/weekly_report.html", context)
    return Report(subject, text, html)


def _change(week: Figures, before: Figures) -> int | None:
    """Orders this week against the week before, in whole per cent."""
    if not before.orders:
        return None
    return round((week.orders - before.orders) * 100 / before.orders)


def weekly_report_send(*, store: Store, now: datetime | None = None) -> int:
    """Send the store's report of last week unless it went already; how many people it went to."""
    start, end = last_week(now or timezone.now(), store)
    people = recipients(store)
    if not people:
        return 0
    try:
        with transaction.atomic():
            WeeklyReport.objects.create(store=store, week_start=start, recipients=len(people))
            report = report_build(store=store, start=start, end=end)
            mail = EmailMultiAlternatives(report.subject, report.text, to=people)
            mail.attach_alternative(report.html, "text/html")
            mail.send()
    except IntegrityError:
        return 0  # sent already this week
    return len(people)


def weekly_reports_send(now: datetime | None = None) -> int:
    """Every store that wants it; one store's failure does not stop the others. People mailed in all."""
    opted_out = set(AnalyticsSettings.objects.filter(weekly_report=False).values_list("store_id", flat=True))
    sent = 0
    for store in Store.objects.exclude(pk__in=opted_out).order_by("pk"):
        try:
            sent += weekly_report_send(store=store, now=now)
        except OSError:
            logger.exception("weekly report of %s not sent; tried again at the next run", store.slug)
    return sent
