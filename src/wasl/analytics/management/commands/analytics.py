"""wasl analytics refresh|report: bring a store's rollups up to date, or show its weekly report."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wasl.stores.models import Store


class Command(BaseCommand):
    help = "Refresh a store's dashboard figures, or print its weekly report."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="refresh the rollups (only what changed, unless --full)")
        refresh.add_argument("--store", help="store slug (default: every store)")
        refresh.add_argument("--full", action="store_true", help="recompute every order and day")
        refresh.add_argument("--json", action="store_true", help="print one JSON object per store")
        report = sub.add_parser(
            "report", help="print last week's report (--send mails it to owners and managers)"
        )
        report.add_argument("--store", required=True, help="store slug")
        report.add_argument("--send", action="store_true", help="send it now unless sent already this week")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh":
            self._refresh(options)
        else:
            self._report(options)

    def _store(self, slug: str) -> Store:
        store = Store.objects.filter(slug=slug).first()
        if store is None:
            raise CommandError(f"no store {slug!r}")
        return store

    def _refresh(self, options: dict[str, Any]) -> None:
        from wasl.analytics.refresh import analytics_refresh

        stores = [self._store(options["store"])] if options["store"] else list(Store.objects.order_by("slug"))
        for store in stores:
            result = analytics_refresh(store=store, full=options["full"])
            if options["json"]:
                self.stdout.write(json.dumps(result.as_dict()))
            else:
                kind = "full" if result.full else "incremental"
                self.stdout.write(
                    f"{store.slug}: {kind} refresh, {result.orders} orders, {result.days} days, "
                    f"{result.duration_ms} ms"
                )

    def _report(self, options: dict[str, Any]) -> None:
        from wasl.analytics.report import last_week, report_build, weekly_report_send

        store = self._store(options["store"])
        if options["send"]:
            people = weekly_report_send(store=store)
            self.stdout.write(
                f"sent to {people} people" if people else "not sent: sent already, or nobody to send to"
            )
            return
        start, end = last_week(timezone.now(), store)
        report = report_build(store=store, start=start, end=end)
        self.stdout.write(report.subject)
        self.stdout.write("")
        self.stdout.write(report.text)
