"""wasl import orders FILE.csv --store SLUG: historical orders with their outcomes."""

from __future__ import annotations

from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wasl.channels.csv.reader import ImportRow, RowError, read_import_rows
from wasl.core.errors import WaslError
from wasl.orders.importing import historical_order_import
from wasl.shipping.types import AdapterError
from wasl.stores.selectors import store_get

MAX_LISTED_ERRORS = 20


class Command(BaseCommand):
    help = "Import historical orders with their outcomes from a CSV file (format in docs/channels.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("what", choices=["orders"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--store", required=True, help="the store's slug")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (for logs)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no file {path}")
        try:
            store = store_get(slug=options["store"])
        except WaslError as exc:
            raise CommandError(exc.message) from exc
        results: Counter[str] = Counter()
        errors: list[RowError] = []
        total_rows = max(sum(1 for _ in path.open(encoding="utf-8-sig")) - 1, 0)
        with path.open(encoding="utf-8-sig", newline="") as stream:
            try:
                rows = read_import_rows(stream)
                for item in tqdm(rows, total=total_rows, unit="row", disable=options["no_progress"]):
                    self._one(store, item, results, errors)
            except AdapterError as exc:
                raise CommandError(f"{exc.code}: {exc.message}") from exc
        self._summary(results, errors)

    def _one(
        self, store: Any, item: ImportRow | RowError, results: Counter[str], errors: list[RowError]
    ) -> None:
        if isinstance(item, RowError):
            errors.append(item)
            results["rejected"] += 1
            return
        try:
            outcome = historical_order_import(
                store=store,
                order=item.order,
                carrier=item.carrier,
                outcome=item.outcome,
                outcome_at=item.outcome_at,
                ndr_reasons=item.ndr_reasons,
            )
        except WaslError as exc:
            errors.append(RowError(line=item.line, code=exc.code, message=exc.message))
            results["rejected"] += 1
            return
        results[outcome.result] += 1

    def _summary(self, results: Counter[str], errors: list[RowError]) -> None:
        parts = [
            f"{results[k]} {k}"
            for k in ("created", "updated", "unchanged", "stale", "rejected")
            if results[k]
        ]
        self.stdout.write("Imported: " + (", ".join(parts) or "nothing"))
        if not errors:
            return
        by_code = Counter(e.code for e in errors)
        self.stdout.write(
            "Rejected rows by reason: " + ", ".join(f"{c} ({n})" for c, n in by_code.most_common())
        )
        for error in errors[:MAX_LISTED_ERRORS]:
            self.stdout.write(f"  line {error.line}: {error.code}: {error.message}")
        if len(errors) > MAX_LISTED_ERRORS:
            self.stdout.write(f"  ... and {len(errors) - MAX_LISTED_ERRORS} more")
