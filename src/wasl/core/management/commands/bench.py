"""wasl bench <name>: benchmarks that print their figures (one JSON object with --json)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a benchmark and print what it measured."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="name", required=True)
        ingest = sub.add_parser("ingest", help="tracking events through the batch API vs a raw insert")
        ingest.add_argument("--events", type=int, default=20000)
        ingest.add_argument("--batch", type=int, default=1000)
        ingest.add_argument("--clients", type=int, default=2)
        ingest.add_argument("--web-workers", type=int, default=2)
        ingest.add_argument("--json", action="store_true", help="print one JSON object only")
        notify = sub.add_parser(
            "notify", help="shipment events to WhatsApp messages received by the stand-in"
        )
        notify.add_argument("--messages", type=int, default=10000)
        notify.add_argument("--limit", type=float, default=80.0, help="messages per second per sender")
        notify.add_argument("--workers", type=int, default=3, help="worker processes")
        notify.add_argument("--kills", type=int, default=0, help="kill a worker (SIGKILL) this many times")
        notify.add_argument("--seed", type=int, default=7)
        notify.add_argument("--json", action="store_true", help="print one JSON object only")
        score = sub.add_parser("score", help="RTO risk scoring: single-order latency and batch throughput")
        score.add_argument("--history", type=int, default=20000, help="demo orders to train on")
        score.add_argument("--batch", type=int, default=20000, help="new orders scored in one batch")
        score.add_argument("--singles", type=int, default=1000, help="new orders scored one at a time")
        score.add_argument("--seed", type=int, default=7)
        score.add_argument("--json", action="store_true", help="print one JSON object only")
        dashboard = sub.add_parser("dashboard", help="the merchant dashboard over a store with N orders")
        dashboard.add_argument("--orders", type=int, default=100_000)
        dashboard.add_argument(
            "--renders", type=int, default=7, help="renders per range (the median is kept)"
        )
        dashboard.add_argument("--seed", type=int, default=7)
        dashboard.add_argument("--json", action="store_true", help="print one JSON object only")
        page = sub.add_parser("page", help="the buyer's tracking page under load vs a trivial view")
        page.add_argument("--clients", type=int, default=50, help="concurrent clients")
        page.add_argument("--seconds", type=float, default=8.0, help="how long each view is driven")
        page.add_argument("--orders", type=int, default=2000, help="orders (parcels) seeded")
        page.add_argument("--web-workers", type=int, default=2)
        page.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free one)")
        page.add_argument("--json", action="store_true", help="print one JSON object only")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if options["name"] == "notify":
            result = self._notify(options)
        elif options["name"] == "dashboard":
            from wasl.bench.dashboard import run_dashboard_benchmark

            result = run_dashboard_benchmark(
                orders=options["orders"], renders=options["renders"], seed=options["seed"]
            )
        elif options["name"] == "page":
            from wasl.bench.page import run_page_benchmark

            result = run_page_benchmark(
                clients=options["clients"],
                seconds=options["seconds"],
                orders=options["orders"],
                web_workers=options["web_workers"],
                port=options["port"],
            )
        elif options["name"] == "score":
            from wasl.bench.score import run_score_benchmark

            result = run_score_benchmark(
                history=options["history"],
                batch=options["batch"],
                singles=options["singles"],
                seed=options["seed"],
            )
        else:
            from wasl.bench.ingest import run_ingest_benchmark

            result = run_ingest_benchmark(
                events=options["events"],
                batch=options["batch"],
                clients=options["clients"],
                web_workers=options["web_workers"],
            )
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key:>16}: {value}")

    def _notify(self, options: dict[str, Any]) -> dict[str, Any]:
        from wasl.bench.notify import run_notify_benchmark
        from wasl.bench.server import running_server

        def run(webhook_base: str = "") -> dict[str, Any]:
            return run_notify_benchmark(
                messages=options["messages"],
                limit=options["limit"],
                workers=options["workers"],
                kills=options["kills"],
                seed=options["seed"],
                webhook_base=webhook_base,
            )

        if not options["kills"]:
            return run()
        with running_server(web_workers=2) as base:  # receives the status webhooks that settle killed sends
            return run(base)
