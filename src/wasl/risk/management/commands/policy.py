"""wasl policy show|set|activate|list|replay|uplift: the store's RTO prevention policy from the command line.

`wasl policy replay --returns` replays a return policy (a file, or a kept version with `--version`) over the
store's past returns instead."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasl.core.errors import WaslError
from wasl.risk.policy import policy_validate
from wasl.risk.policy_models import RiskPolicy
from wasl.stores.selectors import store_get


def _date(raw: str) -> datetime:
    try:
        return (
            datetime.fromisoformat(raw).replace(tzinfo=UTC) if len(raw) == 10 else datetime.fromisoformat(raw)
        )
    except ValueError:
        raise CommandError(f"{raw!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Show, upload and activate a store's RTO prevention policy; replay it over past orders; measured uplift."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        show = actions.add_parser("show", help="print the policy in force (or a version) as JSON")
        show.add_argument("--store", required=True)
        show.add_argument("--version", type=int, default=None)
        listing = actions.add_parser("list", help="list the store's policy versions")
        listing.add_argument("--store", required=True)
        upload = actions.add_parser("set", help="validate a policy file and keep it as the next version")
        upload.add_argument("--store", required=True)
        upload.add_argument("file", type=Path)
        upload.add_argument("--inactive", action="store_true", help="keep it without putting it in force")
        upload.add_argument("--note", default="")
        activate = actions.add_parser("activate", help="put a kept version in force")
        activate.add_argument("--store", required=True)
        activate.add_argument("version", type=int)
        replay = actions.add_parser("replay", help="what a policy would have done with past orders, and cost")
        replay.add_argument("--store", required=True)
        replay.add_argument(
            "--policy", type=Path, default=None, help="a policy file (default: the one in force)"
        )
        replay.add_argument("--since", type=_date, default=None, help="orders placed on or after YYYY-MM-DD")
        replay.add_argument(
            "--assume-reduction",
            type=float,
            default=0.25,
            help="relative RTO reduction per action where the holdout has not measured one (default 0.25)",
        )
        replay.add_argument("--json", action="store_true")
        replay.add_argument(
            "--returns",
            action="store_true",
            help="replay a return policy over past returns (asked on or after --since) instead",
        )
        replay.add_argument(
            "--version", type=int, default=None, help="with --returns: a kept return policy version"
        )
        uplift = actions.add_parser(
            "uplift", help="RTO rate treated vs held out, per action, with 95%% intervals"
        )
        uplift.add_argument("--store", required=True)
        uplift.add_argument("--since", type=_date, default=None)
        uplift.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            store = store_get(slug=options["store"])
            getattr(self, "_" + options["action"])(store, options)
        except WaslError as exc:
            details = "".join(
                f"\n  {d['path'] or '(document)'}: {d['code']}: {d['message']}"
                for d in (exc.details if isinstance(exc.details, list) else [])
            )
            raise CommandError(f"{exc.code}: {exc.message}{details}") from exc

    def _show(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.policy_services import policy_in_force

        if options["version"] is None:
            row, _ = policy_in_force(store)
        else:
            found = RiskPolicy.objects.filter(store=store, version=options["version"]).first()
            if found is None:
                raise CommandError(f"no policy v{options['version']}")
            row = found
        self.stdout.write(json.dumps(row.document, indent=2, ensure_ascii=False))

    def _list(self, store: Any, options: dict[str, Any]) -> None:
        for row in RiskPolicy.objects.filter(store=store).order_by("version"):
            mark = "*" if row.active else " "
            self.stdout.write(
                f"{mark} v{row.version}  {row.created_at:%Y-%m-%d %H:%M}  {row.created_by}  {row.note}"
            )

    def _read(self, path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"no file {path}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path} is not JSON: {exc}") from None

    def _set(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.policy_services import policy_version_create

        row = policy_version_create(
            store=store,
            document=self._read(options["file"]),
            created_by="wasl policy set",
            note=options["note"],
            activate=not options["inactive"],
        )
        self.stdout.write(f"policy v{row.version} kept{' and in force' if row.active else ''}")

    def _activate(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.policy_services import policy_activate

        row = policy_activate(store=store, version=options["version"])
        self.stdout.write(f"policy v{row.version} in force")

    def _replay(self, store: Any, options: dict[str, Any]) -> None:
        if options["returns"]:
            return self._replay_returns(store, options)
        from wasl.risk.policy_services import policy_in_force
        from wasl.risk.replay import policy_replay, replay_text

        policy = (
            policy_validate(self._read(options["policy"])) if options["policy"] else policy_in_force(store)[1]
        )
        report = policy_replay(
            store=store, policy=policy, since=options["since"], assumed_reduction=options["assume_reduction"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(replay_text(report))

    def _replay_returns(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.returns.policy import policy_in_force, policy_version_get
        from wasl.returns.replay import replay_text, return_policy_replay

        if options["policy"] and options["version"] is not None:
            raise CommandError("give either --policy or --version, not both")
        if options["policy"]:
            document, version = self._read(options["policy"]), None
        else:
            kept = (
                policy_in_force(store=store)
                if options["version"] is None
                else policy_version_get(store=store, version=options["version"])
            )
            document, version = kept.document, kept.version
        report = return_policy_replay(
            store=store, document=document, policy_version=version, since=options["since"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(replay_text(report))

    def _uplift(self, store: Any, options: dict[str, Any]) -> None:
        from wasl.risk.holdout import uplift_report

        rows = uplift_report(store=store, since=options["since"])
        if options["json"]:
            self.stdout.write(json.dumps([_uplift_dict(row) for row in rows]))
            return
        if not rows:
            self.stdout.write("no decided orders in a holdout experiment yet")
        for row in rows:
            self.stdout.write(_uplift_line(row))


def _uplift_dict(row: Any) -> dict[str, Any]:
    interval = row.interval
    return {
        "action": row.action,
        "treated": row.treated,
        "treated_rto": row.treated_rto,
        "holdout": row.holdout,
        "holdout_rto": row.holdout_rto,
        "open_treated": row.open_treated,
        "open_holdout": row.open_holdout,
        "treated_rate": row.treated_rate,
        "holdout_rate": row.holdout_rate,
        "difference": row.difference,
        "ci95": [interval.low, interval.high] if interval else None,
        "significant": row.significant,
    }


def _uplift_line(row: Any) -> str:
    def rate(x: float | None) -> str:
        return "-" if x is None else f"{x:.1%}"

    interval = row.interval
    span = f"[{interval.low:+.1%}, {interval.high:+.1%}]" if interval else "(not enough orders)"
    difference = "-" if row.difference is None else f"{row.difference:+.1%}"
    return (
        f"{row.action}: RTO {rate(row.treated_rate)} treated ({row.treated_rto}/{row.treated}) vs "
        f"{rate(row.holdout_rate)} held out ({row.holdout_rto}/{row.holdout}); difference {difference}, "
        f"95% interval {span}{'; significant' if row.significant else ''}; "
        f"still open {row.open_treated} treated, {row.open_holdout} held out"
    )
