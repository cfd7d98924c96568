"""`wasl risk train|score|models|activate|settings` and `wasl bench score`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from risk_helpers import demo_shop, demo_store, permissive

from wasl.bench.score import run_score_benchmark
from wasl.demo import write_import_csv
from wasl.risk.models import RiskModel, RiskSettings
from wasl.stores.models import Store

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_train_list_activate(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = demo_store("cli-shop", orders=1500, days=90, seed=3)
    permissive(store, finished=5000)
    assert run("risk", "models", "--store", store.slug) == (
        "not ready: 1381 finished orders with 247 returns to origin; a model needs at least 5000 with 20 "
        "(the rules serve until then)\n"
    )
    permissive(store)
    output = run("risk", "train", "--store", store.slug, "--no-progress", "--report-dir", str(tmp_path))
    model = RiskModel.objects.get(store=store)
    assert output.startswith(f"v1 {model.state}: {model.decision}\nholdout ")
    assert f"report: {tmp_path / 'cli-shop-risk-v1.html'}" in output
    listed = run("risk", "models", "--store", store.slug)
    assert listed.startswith(f"v1 {model.state:<9} trained ")
    assert "ready to train: " in listed
    assert run("risk", "activate", "--store", store.slug, "1") == "v1 is in service\n"
    with pytest.raises(CommandError, match="model_not_found"):
        run("risk", "activate", "--store", store.slug, "7")


def test_not_enough_history_is_a_clear_error(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="not_enough_history: 0 finished orders"):
        run("risk", "train", "--store", store.slug, "--no-progress")
    with pytest.raises(CommandError, match="store_not_found"):
        run("risk", "models", "--store", "nope")


def test_settings_shown_set_and_checked(store) -> None:  # type: ignore[no-untyped-def]
    assert "medium_from = 0.15\nhigh_from = 0.35\n" in run("risk", "settings", "--store", store.slug)
    output = run(
        "risk", "settings", "--store", store.slug, "shipping_cost=25", "rto_cost=30", "high_from=0.4"
    )
    assert output.startswith("shipping_cost = 25\nrto_cost = 30\naction_cost = \n")
    row = RiskSettings.objects.get(store=store)
    assert (str(row.shipping_cost), row.high_from) == ("25.000", 0.4)
    with pytest.raises(CommandError, match="unknown_setting"):
        run("risk", "settings", "--store", store.slug, "colour=red")
    with pytest.raises(CommandError, match="invalid_setting"):
        run("risk", "settings", "--store", store.slug, "shipping_cost=-3")
    with pytest.raises(CommandError, match="invalid_bands"):
        run("risk", "settings", "--store", store.slug, "medium_from=0.5")
    run("risk", "settings", "--store", store.slug, "shipping_cost=")
    assert RiskSettings.objects.get(store=store).shipping_cost is None


def test_score_a_csv_file(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source, out = tmp_path / "orders.csv", tmp_path / "scores.csv"
    with source.open("w", newline="", encoding="utf-8") as stream:
        written = write_import_csv(demo_shop(300, 30, 9), stream)
    output = run("risk", "score", str(source), "--out", str(out), "--store", store.slug, "--no-progress")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "order_id,score,band,reasons" and len(lines) == written + 1
    assert output.startswith(f"Scored {written} orders (")
    with pytest.raises(CommandError, match="no file"):
        run("risk", "score", str(tmp_path / "missing.csv"), "--out", str(out), "--store", store.slug)


def test_the_score_benchmark_reports_its_figures() -> None:
    result = run_score_benchmark(history=1500, batch=300, singles=60, seed=3)
    assert {"p50_ms", "p99_ms", "batch_per_s"} <= set(result)
    assert 0 < result["p50_ms"] <= result["p99_ms"]  # type: ignore[operator]
    assert result["batch_per_s"] > 0  # type: ignore[operator]
    assert (result["singles"], result["batch"], result["history_orders"]) == (40, 300, 1500)
    assert not Store.objects.filter(slug__startswith="bench-score-").exists()  # its store is removed
    json.dumps(result)
