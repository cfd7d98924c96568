"""wasl risk train|score|models|activate|settings: the store's RTO risk model from the command line."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wasl.core.errors import WaslError
from wasl.risk.models import RiskModel
from wasl.shipping.types import AdapterError
from wasl.stores.selectors import store_get

MAX_LISTED_PROBLEMS = 20


class Command(BaseCommand):
    help = "Train, list and activate a store's RTO risk models, score a CSV of orders, or set risk settings."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        train = actions.add_parser(
            "train", help="train on the store's history and write an evaluation report"
        )
        train.add_argument("--store", required=True)
        train.add_argument(
            "--report-dir", type=Path, default=None, help="default: $WASL_DATA_DIR/risk-reports"
        )
        train.add_argument("--no-progress", action="store_true")
        score = actions.add_parser("score", help="score orders in the import CSV format")
        score.add_argument("file", type=Path)
        score.add_argument("--out", type=Path, required=True)
        score.add_argument("--store", required=True)
        score.add_argument("--language", choices=["ar", "fr", "en"], default="", help="reasons as sentences")
        score.add_argument("--no-progress", action="store_true")
        models = actions.add_parser("models", help="list the store's models")
        models.add_argument("--store", required=True)
        activate = actions.add_parser("activate", help="put a kept model in service")
        activate.add_argument("--store", required=True)
        activate.add_argument("version", type=int, help="the model version, as `wasl risk models` lists them")
        setting = actions.add_parser("settings", help="show or set costs, bands and history thresholds")
        setting.add_argument("--store", required=True)
        setting.add_argument("pairs", nargs="*", metavar="KEY=VALUE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            store = store_get(slug=options["store"])
            getattr(self, "_" + options["action"])(store, options)
        except WaslError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        except AdapterError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc

    def _train(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.training import risk_train

        result = risk_train(
            store=store, progress=not options["no_progress"], report_dir=options["report_dir"]
        )
        model = result.model
        metrics = model.metrics
        self.stdout.write(
            f"v{model.version} {model.state}: {model.decision}\n"
            f"holdout {metrics['holdout']['orders']} orders, ROC-AUC {metrics['model']['roc_auc']} "
            f"(rules {metrics['rules']['roc_auc']}), PR-AUC {metrics['model']['pr_auc']} "
            f"(rules {metrics['rules']['pr_auc']})"
        )
        for path in result.reports:
            self.stdout.write(f"report: {path}")

    def _score(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.csv_scoring import score_csv

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no file {path}")
        rows = max(sum(1 for _ in path.open(encoding="utf-8-sig")) - 1, 0)
        bar = tqdm(total=rows, unit="order", disable=options["no_progress"], file=sys.stderr)
        with (
            path.open(encoding="utf-8-sig", newline="") as source,
            options["out"].open("w", encoding="utf-8", newline="") as out,
        ):
            result = score_csv(
                store=store, source=source, out=out, language=options["language"], progress=bar.update
            )
        bar.close()
        bands = ", ".join(f"{result.bands.get(b, 0)} {b}" for b in ("high", "medium", "low"))
        self.stdout.write(f"Scored {result.scored} orders ({bands}) into {options['out']}")
        if result.problems:
            self.stdout.write(f"{len(result.problems)} rows not scored:")
            for problem in result.problems[:MAX_LISTED_PROBLEMS]:
                self.stdout.write(f"  line {problem.line}: {problem.code}: {problem.message}")

    def _models(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.selectors import readiness

        rows = RiskModel.objects.filter(store=store).order_by("version").defer("artefact")
        for row in rows:
            auc = row.metrics.get("model", {}).get("roc_auc")
            self.stdout.write(
                f"v{row.version} {row.state:<9} trained {row.trained_at:%Y-%m-%d %H:%M} ROC-AUC {auc}: {row.decision}"
            )
        check = readiness(store)
        self.stdout.write(("ready to train: " if check.ready else "not ready: ") + check.message)

    def _activate(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.services import risk_model_activate

        model = risk_model_activate(store=store, version=options["version"])
        self.stdout.write(f"v{model.version} is in service")

    def _settings(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.selectors import risk_settings
        from wasl.risk.services import SETTING_KEYS, risk_settings_set

        values = {}
        for pair in options["pairs"]:
            key, sep, value = pair.partition("=")
            if not sep or not key:
                raise CommandError(f"{pair!r} is not KEY=VALUE")
            values[key.strip()] = value
        row = risk_settings_set(store=store, values=values) if values else risk_settings(store)
        for key in SETTING_KEYS:
            value = getattr(row, key)
            self.stdout.write(f"{key} = {'' if value is None else value}")
