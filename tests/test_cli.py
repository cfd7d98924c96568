"""The `wasl` command: createstore, store set, import orders."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wasl.demo.generator import iter_orders
from wasl.demo.types import Outcome
from wasl.orders.models import Order, OrderEvent, OrderStatus
from wasl.shipping.models import Shipment, TrackingEvent
from wasl.stores.models import SettingChange, Store
from wasl.stores.selectors import secret_get, store_for_api_key

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_createstore_prints_the_key_alone_on_the_last_line() -> None:
    output = run(
        "createstore",
        "atlas",
        "--name",
        "Atlas Shop",
        "--country",
        "MA",
        "--currency",
        "MAD",
        "--language",
        "fr",
    )
    key = output.strip().splitlines()[-1]
    store = Store.objects.get(slug="atlas")
    assert (store.name, store.country, store.currency, store.language) == ("Atlas Shop", "MA", "MAD", "fr")
    assert store_for_api_key(key) == store


def test_createstore_refuses_a_duplicate_slug(store) -> None:
    with pytest.raises(CommandError, match="store_exists"):
        run("createstore", "souq-test", "--name", "Again")


def test_store_set_keeps_secrets_encrypted_and_show_prints_only_hints(store) -> None:
    run("store", "set", "--store", "souq-test", "whatsapp.token=EAAG-very-secret-1234")
    shown = run("store", "show", "--store", "souq-test")
    assert secret_get(store=store, key="whatsapp.token") == "EAAG-very-secret-1234"
    assert shown.strip() == "whatsapp.token = …1234"


def test_store_set_refuses_a_pair_without_value(store) -> None:
    with pytest.raises(CommandError, match="is not KEY=VALUE"):
        run("store", "set", "--store", "souq-test", "whatsapp.token")


@pytest.fixture
def history_csv(tmp_path: Path) -> Path:
    from wasl.channels.csv.rows import ImportRow
    from wasl.channels.csv.writer import write_import_rows

    now = datetime(2026, 6, 1, tzinfo=UTC)
    rows = [
        ImportRow(
            line=0,
            order=d.order,
            carrier=d.carrier,
            outcome=str(d.outcome),
            outcome_at=d.outcome_at,
            ndr_reasons=d.ndr_reasons,
        )
        for d in iter_orders(orders=150, days=30, seed=3, now=now)
        if d.outcome in (Outcome.DELIVERED, Outcome.RTO, Outcome.CANCELLED, Outcome.RETURNED)
    ]
    path = tmp_path / "history.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        write_import_rows(rows, stream)
    with path.open("a", encoding="utf-8") as stream:
        stream.write("bad-1,not-a-date,X,,,SA,Riyadh,,,cod,10,SAR,A:1,aramex,delivered,,\n")
    return path


def test_importing_history_twice_changes_nothing_the_second_time(store, history_csv) -> None:
    first = run("import", "orders", str(history_csv), "--store", "souq-test", "--no-progress")
    counts = (
        Order.objects.count(),
        Shipment.objects.count(),
        TrackingEvent.objects.count(),
        OrderEvent.objects.count(),
    )
    second = run("import", "orders", str(history_csv), "--store", "souq-test", "--no-progress")
    assert counts == (
        Order.objects.count(),
        Shipment.objects.count(),
        TrackingEvent.objects.count(),
        OrderEvent.objects.count(),
    )
    rows = sum(1 for _ in history_csv.open()) - 2  # header and the bad row
    assert first.splitlines()[0] == f"Imported: {rows} created, 1 rejected"
    assert second.splitlines()[0] == f"Imported: {rows} unchanged, 1 rejected"
    assert "line " in first and "invalid_date" in first
    delivered = Order.objects.filter(status=OrderStatus.DELIVERED).count()
    rto = Order.objects.filter(status=OrderStatus.RTO).count()
    assert delivered > 0 and rto > 0
    assert Shipment.objects.filter(status="rto_delivered").count() == rto


def test_import_of_a_missing_file_is_a_clear_error(store) -> None:
    with pytest.raises(CommandError, match="no file"):
        run("import", "orders", "/nonexistent.csv", "--store", "souq-test")


def test_store_set_is_on_the_audit_trail_and_a_short_value_shows_nothing(store) -> None:
    output = run("store", "set", "--store", "souq-test", "whatsapp.verify_token=short")
    shown = run("store", "show", "--store", "souq-test")

    assert (output.strip(), shown.strip()) == ("whatsapp.verify_token set", "whatsapp.verify_token = (set)")
    change = SettingChange.objects.get()
    assert (change.key, change.action, change.actor, change.source) == (
        "whatsapp.verify_token",
        "set",
        "wasl store set",
        "command",
    )
