"""wasl ndr export|ack|sweep: carrier instructions of failed deliveries as CSV, acknowledgements back, the sweep."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasl.core.errors import WaslError
from wasl.shipping.ndr.instructions.csv_export import acknowledgements_import, instructions_export
from wasl.shipping.ndr.sweep import ndr_sweep_run
from wasl.stores.selectors import store_get


class Command(BaseCommand):
    help = (
        "Failed deliveries: `wasl ndr export --store S [--carrier C] [--mark-sent] [--out FILE]` writes the "
        "instructions waiting for a carrier as CSV; `wasl ndr ack --store S FILE` marks the instructions of "
        "a CSV (instruction_id[,reference]) acknowledged; `wasl ndr sweep` sends due reminders and hand-overs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="instructions waiting for a carrier, as CSV")
        export.add_argument("--store", required=True, help="the store's slug")
        export.add_argument("--carrier", default="", help="one carrier only (its slug)")
        export.add_argument("--mark-sent", action="store_true", help="mark the exported instructions as sent")
        export.add_argument("--out", default="-", help="file to write (default: standard output)")
        ack = actions.add_parser("ack", help="mark the instructions listed in a CSV as acknowledged")
        ack.add_argument("--store", required=True, help="the store's slug")
        ack.add_argument("file", help="CSV with an instruction_id column (and optionally reference)")
        actions.add_parser(
            "sweep", help="send the reminders and hand-overs that are due, close settled cases"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "sweep":
                self.stdout.write(" ".join(f"{k}={v}" for k, v in ndr_sweep_run().items()))
                return
            store = store_get(slug=options["store"])
            if options["action"] == "export":
                self._export(store, options)
            else:
                text = Path(options["file"]).read_text(encoding="utf-8-sig")
                counts = acknowledgements_import(store=store, text=text)
                self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
        except WaslError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc

    def _export(self, store: Any, options: dict[str, Any]) -> None:
        export = instructions_export(
            store=store, carrier=options["carrier"].strip().lower() or None, mark_sent=options["mark_sent"]
        )
        if options["out"] == "-":
            self.stdout.write(export.text, ending="")
        else:
            Path(options["out"]).write_text(export.text, encoding="utf-8")
        marked = f", marked sent as {export.reference}" if export.reference else ""
        self.stderr.write(f"{len(export.instruction_ids)} instructions{marked}")
