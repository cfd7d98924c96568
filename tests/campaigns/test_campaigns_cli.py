"""wasl campaigns: create, preview, schedule, results, settings and run-due from the command line."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from campaign_helpers import SPEC_AR, buyer_order
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db


def wasl(*args: str) -> str:
    out = StringIO()
    call_command("campaigns", *args, stdout=out)
    return out.getvalue()


def test_a_campaign_from_a_file_to_its_results(store, tmp_path: Path) -> None:
    secret_set(store=store, key="whatsapp.phone_number_id", value="1")
    secret_set(store=store, key="whatsapp.token", value="t")
    buyer_order(store, "1", phone="+966501110001", placed_at=timezone.now() - timedelta(days=1))
    source = tmp_path / "eid.json"
    source.write_text(
        json.dumps({"name": "Eid", "templates": {"ar": {**SPEC_AR, "header": ""}}, "holdout_share": 0}),
        encoding="utf-8",
    )
    created = json.loads(wasl("create", "--store", store.slug, "--json", str(source)))
    assert created["status"] == "draft"
    preview = json.loads(wasl("preview", "--store", store.slug, "--json", str(created["id"])))
    assert (preview["to_send"], preview["by_language"]) == (1, {"ar": 1})
    wasl("schedule", "--store", store.slug, str(created["id"]))
    assert json.loads(wasl("run-due"))["campaigns"] == {"queued": 1}
    results = json.loads(wasl("results", "--store", store.slug, "--json", str(created["id"])))
    assert (results["recipients"], results["queued"], results["orders"]) == (1, 1, 0)
    assert "recovery_steps_h: (1, 24)" in wasl("settings", "--store", store.slug)
    changed = json.loads(wasl("settings", "--store", store.slug, "--json", "recovery_steps_h=2,48"))
    assert changed["recovery_steps_h"] == [2, 48]


def test_errors_are_coded(store) -> None:
    with pytest.raises(CommandError, match="campaign_not_found"):
        wasl("preview", "--store", store.slug, "999")
    with pytest.raises(CommandError, match="invalid_setting"):
        wasl("settings", "--store", store.slug, "daily_limit=lots")
