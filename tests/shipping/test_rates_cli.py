"""`wasl carriers`: rate cards from CSV, scorecards as a table or JSON, errors as clear messages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shipping.promise_helpers import parcel
from wasl.shipping.rates_models import RateCard

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("carriers", *args, stdout=out)
    return out.getvalue()


def test_given_a_csv_when_imported_from_the_command_line_then_each_carrier_gets_a_version(
    store, tmp_path: Path
) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text(
        "carrier,kind,zone,key,value\nsmsa,zone,all,any,\nsmsa,slab,all,1,21\n", encoding="utf-8"
    )
    assert _run("import-rates", "--store", store.slug, "--effective", "2026-02-01", str(rates)) == (
        "smsa v1 effective 2026-02-01\n"
    )
    assert RateCard.objects.get().slabs.get().price == 21
    rates.write_text("carrier,kind,zone,key,value\nsmsa,slab,all,1,21\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no_zones: smsa: a rate card needs at least one zone"):
        _run("import-rates", "--store", store.slug, str(rates))
    with pytest.raises(CommandError, match="invalid_date"):
        _run("import-rates", "--store", store.slug, "--effective", "soon", str(rates))


def test_given_history_when_the_scorecard_is_asked_with_refresh_then_it_prints_the_figures(store) -> None:
    label = datetime.now(UTC) - timedelta(days=10)
    parcel(store, "9501", carrier="smsa", label_at=label, end="delivered", end_at=label + timedelta(days=2))
    parcel(
        store, "9502", carrier="smsa", label_at=label, end="rto_initiated", end_at=label + timedelta(days=3)
    )
    assert _run("scorecard", "--store", store.slug).startswith("no figures yet")
    body = json.loads(_run("scorecard", "--store", store.slug, "--refresh", "--json"))
    overall = body["items"][0]
    assert (overall["carrier"], overall["region"], overall["settled"], overall["rto_rate"]) == (
        "smsa",
        "",
        2,
        "0.5000",
    )
    table = _run("scorecard", "--store", store.slug).splitlines()
    assert table[0].split() == [
        "carrier",
        "region",
        "settled",
        "on",
        "time",
        "median",
        "p80",
        "NDR",
        "RTO",
        "avg",
        "cost",
    ]
    assert table[1].split()[:3] == ["smsa", "(all)", "2"] and table[1].split()[-2:] == ["50.0%", "-"]
