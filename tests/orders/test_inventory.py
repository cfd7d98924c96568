"""Low-stock thresholds and alerts: one alert per crossing, staff e-mailed once through the store's SMTP server."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "messaging" / "channels" / "email"))

from smtp_server import ScriptedHandler, running_smtp

from wasl.core.errors import WaslError
from wasl.orders.inventory import (
    default_threshold,
    inventory_default_threshold_set,
    low_stock_notify,
    low_stock_scan,
    stock_list,
    variant_threshold_set,
)
from wasl.orders.models import LowStockAlert, Product, StockLevel, Variant
from wasl.orders.tasks import check_low_stock

pytestmark = pytest.mark.django_db


def listed(**filters: Any) -> list[Any]:
    """Variants with their annotations (on_hand, threshold), which the queryset's type does not carry."""
    return list(stock_list(**filters))


@pytest.fixture(autouse=True)
def _fresh_channels():  # type: ignore[no-untyped-def]
    from wasl.messaging.channels.registry import channel_cache_clear

    channel_cache_clear()
    yield
    channel_cache_clear()


@pytest.fixture
def shelf(store):  # type: ignore[no-untyped-def]
    """A scarf with 3 + 1 units in two warehouses, a hat with 40, a belt with none anywhere."""
    product = Product.objects.create(store=store, external_id="p1", name="Winter", category="accessories")
    scarf = Variant.objects.create(
        store=store, product=product, sku="SCARF", name="Scarf", price=Decimal("90")
    )
    hat = Variant.objects.create(store=store, product=product, sku="HAT", name="Hat", price=Decimal("60"))
    belt = Variant.objects.create(store=store, product=product, sku="BELT", name="Belt", price=Decimal("40"))
    StockLevel.objects.create(store=store, variant=scarf, location="riyadh", quantity=3)
    StockLevel.objects.create(store=store, variant=scarf, location="jeddah", quantity=1)
    StockLevel.objects.create(store=store, variant=hat, location="riyadh", quantity=40)
    return {"scarf": scarf, "hat": hat, "belt": belt}


@pytest.fixture
def staff_with_email(store):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from wasl.stores.models import StoreMember

    for name, email in (("lina", "lina@souq.example"), ("omar", ""), ("sami", "sami@souq.example")):
        user = get_user_model().objects.create_user(username=name, email=email)
        StoreMember.objects.create(store=store, user=user, role="agent")


def test_stock_is_listed_per_sku_with_its_total_threshold_and_search(store, shelf) -> None:
    variant_threshold_set(store=store, variant_id=shelf["hat"].pk, threshold=50)

    rows = {v.sku: (v.on_hand, v.threshold) for v in listed(store=store)}
    low = [v.sku for v in stock_list(store=store, low_only=True)]
    found = [v.sku for v in stock_list(store=store, search="sca")]
    jeddah = {v.sku: v.on_hand for v in listed(store=store, location="jeddah")}

    assert rows == {"BELT": (0, 5), "HAT": (40, 50), "SCARF": (4, 5)}
    assert (low, found, jeddah) == (["BELT", "HAT", "SCARF"], ["SCARF"], {"SCARF": 1})


def test_a_threshold_is_a_whole_number_and_a_variant_of_this_store(store, other_store, shelf) -> None:
    with pytest.raises(WaslError) as negative:
        inventory_default_threshold_set(store=store, threshold=-1)
    with pytest.raises(WaslError) as elsewhere:
        variant_threshold_set(store=other_store, variant_id=shelf["hat"].pk, threshold=3)

    assert (negative.value.code, elsewhere.value.code) == ("invalid_threshold", "variant_not_found")
    inventory_default_threshold_set(store=store, threshold=2)
    assert default_threshold(store=store) == 2


def test_an_alert_opens_once_per_crossing_and_clears_when_restocked(store, shelf) -> None:
    first = low_stock_scan(store=store)
    second = low_stock_scan(store=store)
    StockLevel.objects.filter(variant=shelf["scarf"], location="riyadh").update(quantity=30)
    cleared = low_stock_scan(store=store)
    StockLevel.objects.filter(variant=shelf["scarf"], location="riyadh").update(quantity=0)
    again = low_stock_scan(store=store)

    assert (len(first.opened), len(second.opened), second.cleared) == (2, 0, 0)  # scarf and belt
    assert (cleared.opened, cleared.cleared) == ([], 1)
    assert len(again.opened) == 1
    scarf_alerts = LowStockAlert.objects.filter(variant=shelf["scarf"]).order_by("pk")
    assert [(a.quantity, a.threshold, a.cleared_at is None) for a in scarf_alerts] == [
        (4, 5, False),
        (1, 5, True),
    ]


def test_staff_are_emailed_once_per_alert_in_the_stores_language(store, shelf, staff_with_email) -> None:
    from wasl.stores.services import secret_set

    handler = ScriptedHandler()
    with running_smtp(handler) as port:
        for key, value in {
            "email.host": "127.0.0.1",
            "email.port": str(port),
            "email.from_address": "Souq <ops@souq.example>",
        }.items():
            secret_set(store=store, key=key, value=value)
        first = check_low_stock.call()
        second = check_low_stock.call()

    assert first == {"opened": 2, "cleared": 0, "sent": 2}
    assert second == {"opened": 0, "cleared": 0, "sent": 0}
    assert sorted(rcpt for _, rcpts in handler.envelopes for rcpt in rcpts) == [
        "lina@souq.example",
        "lina@souq.example",
        "sami@souq.example",
        "sami@souq.example",
    ]
    assert {str(m["Subject"]).strip() for m in handler.received} == {  # in the store's language, Arabic
        "مخزون منخفض: SCARF (تبقّى 4)",
        "مخزون منخفض: BELT (تبقّى 0)",
    }
    scarf_mail = next(m for m in handler.received if "SCARF" in str(m["Subject"]))
    body = scarf_mail.get_body(("plain",)).get_content()
    assert "jeddah: 1" in body and "riyadh: 3" in body
    alert = LowStockAlert.objects.get(variant=shelf["scarf"])
    assert alert.notified_to == ["lina@souq.example", "sami@souq.example"]


def test_without_an_email_channel_the_alert_waits_and_is_not_lost(store, shelf, staff_with_email) -> None:
    opened = low_stock_scan(store=store).opened

    outcomes = [low_stock_notify(alert_id=alert_id) for alert_id in opened]

    assert outcomes == ["no_channel", "no_channel"]
    assert LowStockAlert.objects.filter(notified_at__isnull=True).count() == 2


def test_the_check_runs_on_the_workers_schedule() -> None:
    from wasl.core.periodic import discover_periodic_jobs

    jobs = {job.name: job.every for job in discover_periodic_jobs()}

    assert jobs["wasl.orders.tasks.check_low_stock"].total_seconds() == 900
