"""wasl carriers import-rates|scorecard|refresh|sweep: rate cards from CSV, carrier scorecards, promise figures."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wasl.core.errors import WaslError
from wasl.shipping.breaches import breaches_detect, promises_fill
from wasl.shipping.promise_stats import lane_stats_refresh, lane_stats_refresh_all
from wasl.shipping.rates_csv import rate_cards_import
from wasl.shipping.scorecards import Scorecard, carrier_scorecards
from wasl.stores.selectors import store_get


def _percent(value: object) -> str:
    return "-" if value is None else f"{float(value) * 100:.1f}%"  # type: ignore[arg-type]


class Command(BaseCommand):
    help = (
        "Carriers: `wasl carriers import-rates --store S FILE.csv [--effective YYYY-MM-DD]` records a new version "
        "of each carrier's rate card in the file; `wasl carriers scorecard --store S [--carrier C] [--refresh] "
        "[--json]` prints on-time, transit, NDR, RTO and cost per carrier and region; `wasl carriers refresh "
        "[--store S]` rebuilds the promise figures; `wasl carriers sweep` finds missed promises and tells buyers."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rates = actions.add_parser("import-rates", help="rate cards from a CSV file (see docs/rate-cards.md)")
        rates.add_argument("--store", required=True, help="the store's slug")
        rates.add_argument(
            "--effective", default="", help="for cards whose file gives no date (default: today)"
        )
        rates.add_argument("file", help="CSV: carrier,kind,zone,key,value")
        card = actions.add_parser("scorecard", help="carrier scorecards per region")
        card.add_argument("--store", required=True, help="the store's slug")
        card.add_argument("--carrier", default="", help="one carrier only")
        card.add_argument("--refresh", action="store_true", help="rebuild the figures from history first")
        card.add_argument("--json", action="store_true", help="one JSON object instead of a table")
        refresh = actions.add_parser("refresh", help="rebuild the lane figures promises are made from")
        refresh.add_argument("--store", default="", help="one store (default: all)")
        actions.add_parser(
            "sweep", help="promise parcels without a date, find missed promises, tell the buyers"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            action = options["action"]
            if action == "sweep":
                counts = {"promised": promises_fill(), **breaches_detect()}
                self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
            elif action == "refresh":
                if options["store"]:
                    rows = lane_stats_refresh(store=store_get(slug=options["store"]))
                    self.stdout.write(f"rows={rows}")
                else:
                    self.stdout.write(" ".join(f"{k}={v}" for k, v in lane_stats_refresh_all().items()))
            elif action == "import-rates":
                self._import(options)
            else:
                self._scorecard(options)
        except WaslError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc

    def _import(self, options: dict[str, Any]) -> None:
        store = store_get(slug=options["store"])
        try:
            effective = (
                date.fromisoformat(options["effective"]) if options["effective"] else timezone.localdate()
            )
        except ValueError:
            raise CommandError(f"invalid_date: {options['effective']!r} is not YYYY-MM-DD") from None
        text = Path(options["file"]).read_text(encoding="utf-8-sig")
        cards = rate_cards_import(
            store=store, text=text, effective_from=effective, created_by="wasl carriers"
        )
        for card in cards:
            self.stdout.write(f"{card.carrier} v{card.version} effective {card.effective_from}")

    def _scorecard(self, options: dict[str, Any]) -> None:
        store = store_get(slug=options["store"])
        if options["refresh"]:
            lane_stats_refresh(store=store)
        cards = carrier_scorecards(store=store, carrier=options["carrier"].strip().lower() or None)
        if options["json"]:
            self.stdout.write(json.dumps({"store": store.slug, "items": [_as_json(c) for c in cards]}))
            return
        if not cards:
            self.stdout.write("no figures yet: run with --refresh, or wait for the periodic rebuild")
            return
        self.stdout.write(
            f"{'carrier':<12} {'region':<22} {'settled':>7} {'on time':>8} {'median':>6} {'p80':>4} "
            f"{'NDR':>7} {'RTO':>7} {'avg cost':>10}"
        )
        for c in cards:
            self.stdout.write(
                f"{c.carrier:<12} {(c.region or '(all)')[:22]:<22} {c.settled:>7} {_percent(c.on_time_rate):>8} "
                f"{_days(c.transit_median_days):>6} {_days(c.transit_p80_days):>4} {_percent(c.ndr_rate):>7} "
                f"{_percent(c.rto_rate):>7} {c.average_cost if c.average_cost is not None else '-':>10}"
            )


def _days(value: int | None) -> str:
    return "-" if value is None else str(value)


def _as_json(card: Scorecard) -> dict[str, object]:
    values = dict(card.__dict__)
    values["computed_at"] = card.computed_at.isoformat()
    for key in ("on_time_rate", "ndr_rate", "rto_rate", "average_cost"):
        values[key] = None if values[key] is None else str(values[key])
    return values
