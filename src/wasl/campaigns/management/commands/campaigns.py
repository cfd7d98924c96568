"""wasl campaigns: list, create, preview, schedule and cancel campaigns, read results, settings, run due work."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wasl.campaigns.broadcasts import (
    campaign_cancel,
    campaign_create,
    campaign_plan,
    campaign_schedule,
    campaigns_run_due,
)
from wasl.campaigns.checkouts import recovery_run_due
from wasl.campaigns.models import TouchKind
from wasl.campaigns.reminders import reminders_run_due
from wasl.campaigns.results import campaign_get, campaign_list, campaign_results, program_results
from wasl.campaigns.store_settings import campaign_settings_set, settings_for
from wasl.core.errors import Invalid, WaslError
from wasl.stores.selectors import store_get

INT_SETTINGS = ("max_marketing_per_week", "daily_limit", "attribution_window_h")
BOOL_SETTINGS = ("recovery_enabled", "reminders_enabled")
STEP_SETTINGS = ("recovery_steps_h", "reminder_steps_h")


class Command(BaseCommand):
    help = (
        "Campaigns and recovery: `wasl campaigns list|create|preview|schedule|cancel|results|settings "
        "--store S ...`, `wasl campaigns run-due` (recovery steps, payment reminders and campaigns due now)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("list", "the store's campaigns, newest first"),
            ("create", "a draft from a JSON file (the API's body)"),
            ("preview", "who would receive what, sending nothing"),
            ("schedule", "check everything and schedule (now, or --at)"),
            ("cancel", "cancel a draft or scheduled campaign"),
            ("results", "a campaign's results (or --program cart_recovery|payment_reminder)"),
            ("settings", "show, or change with KEY=VALUE"),
        ):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("--store", required=True, help="the store's slug")
            sub.add_argument("--json", action="store_true", help="one JSON object on standard output")
            if name in ("preview", "schedule", "cancel", "results"):
                sub.add_argument("campaign", nargs="?", type=int, help="the campaign's id")
            if name == "create":
                sub.add_argument("file", help="JSON: name, templates, segment, image_url, link_url, ...")
            if name == "schedule":
                sub.add_argument("--at", default="", help="ISO 8601 time with an offset (default: now)")
            if name == "results":
                sub.add_argument("--program", default="", choices=["", *TouchKind.values])
            if name == "settings":
                sub.add_argument(
                    "values", nargs="*", help="e.g. recovery_steps_h=1,24 max_marketing_per_week=2"
                )
        actions.add_parser("run-due", help="send what is due now (the worker does this every minute)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "run-due":
                result = {
                    "recovery": recovery_run_due(),
                    "reminders": reminders_run_due(),
                    "campaigns": campaigns_run_due(),
                }
                self.stdout.write(json.dumps(result, sort_keys=True))
                return
            store = store_get(slug=options["store"])
            result = getattr(self, "_" + options["action"])(store, options)
        except WaslError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, sort_keys=True, default=str))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")

    def _campaign(self, store: Any, options: dict[str, Any]) -> Any:
        if options.get("campaign") is None:
            raise Invalid("name the campaign by its id", code="campaign_required")
        return campaign_get(store=store, campaign_id=options["campaign"])

    def _list(self, store: Any, options: dict[str, Any]) -> dict[str, Any]:
        return {
            str(c.pk): f"{c.status} {c.kind} {c.name!r} recipients={c.recipients}"  # type: ignore[attr-defined]
            for c in campaign_list(store=store)[:200]
        }

    def _create(self, store: Any, options: dict[str, Any]) -> dict[str, Any]:
        body = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        if not isinstance(body, dict):
            raise Invalid("the file holds one JSON object", code="invalid")
        if "product" in body:
            body["product_external_id"] = body.pop("product")
        if body.get("holdout_share") is not None:
            body["holdout_share"] = Decimal(str(body["holdout_share"]))
        campaign = campaign_create(store=store, **body)
        return {"id": campaign.pk, "status": campaign.status}

    def _preview(self, store: Any, options: dict[str, Any]) -> dict[str, Any]:
        plan = campaign_plan(campaign=self._campaign(store, options))
        return {
            "recipients": len(plan.recipients),
            "held_out": plan.holdout,
            "over_weekly_cap": plan.over_weekly_cap,
            "to_send": plan.to_send,
            "by_language": dict(plan.by_language),
            "samples": plan.samples(),
        }

    def _schedule(self, store: Any, options: dict[str, Any]) -> dict[str, Any]:
        at = datetime.fromisoformat(options["at"]) if options["at"] else None
        campaign = self._campaign(store, options)
        plan = campaign_schedule(campaign=campaign, at=at)
        return {
            "id": campaign.pk,
            "status": campaign.status,
            "scheduled_at": campaign.scheduled_at,
            "to_send": plan.to_send,
        }

    def _cancel(self, store: Any, options: dict[str, Any]) -> dict[str, Any]:
        campaign = campaign_cancel(campaign=self._campaign(store, options))
        return {"id": campaign.pk, "status": campaign.status}

    def _results(self, store: Any, options: dict[str, Any]) -> dict[str, Any]:
        if options["program"]:
            return program_results(store=store, kind=options["program"]).as_dict()
        return campaign_results(campaign=self._campaign(store, options)).as_dict()

    def _settings(self, store: Any, options: dict[str, Any]) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for item in options["values"]:
            key, sep, raw = item.partition("=")
            if not sep:
                raise Invalid(f"{item!r}: write KEY=VALUE", code="invalid_setting")
            changes[key] = _setting_value(key, raw)
        current = campaign_settings_set(store=store, **changes) if changes else settings_for(store=store)
        return {k: getattr(current, k) for k in current.__dataclass_fields__}


def _setting_value(key: str, raw: str) -> Any:
    try:
        if key in INT_SETTINGS:
            return int(raw)
        if key in BOOL_SETTINGS:
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if key in STEP_SETTINGS:
            return [int(h) for h in raw.split(",") if h.strip()]
        if key == "holdout_share":
            return Decimal(raw)
    except (ValueError, InvalidOperation):
        raise Invalid(f"{key}: {raw!r} is not a valid value", code="invalid_setting") from None
    raise Invalid(f"unknown setting {key!r}", code="invalid_setting")
