"""The demo's channels: WhatsApp and SMS through the provider stand-ins it runs, and sandbox buyers whose
parcel moves show their notification in the console's sandbox."""

from __future__ import annotations

import io
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.management import call_command

from wasl.console.models import SandboxPhone
from wasl.demo.channels import DEMO_PHONE_NUMBER_ID, demo_channels_configure, demo_sandbox_buyers
from wasl.demo.generator import generate_shop
from wasl.demo.loader import catalogue_load, demo_store_create, orders_load
from wasl.demo.providers import RunningProviders, providers_start
from wasl.demo.types import DemoShop
from wasl.messaging.models import Message
from wasl.shipping.models import Shipment
from wasl.stores.models import SettingChange, Store
from wasl.stores.selectors import secret_get
from wasl.stores.services import api_key_create, secret_set

# The messaging tests' helpers run queued tasks in this process, as a worker would.
MESSAGING = Path(__file__).resolve().parent.parent / "messaging"
if str(MESSAGING) not in sys.path:
    sys.path.insert(0, str(MESSAGING))

from messaging_helpers import run_notify_tasks, run_send_tasks  # noqa: E402

pytestmark = pytest.mark.django_db
LIVE = ("created", "picked_up", "in_transit", "out_for_delivery", "delivery_failed")


@pytest.fixture(scope="module")
def shop() -> DemoShop:
    """A small demo shop ending today, so that its latest parcels are still on the way."""
    return generate_shop(orders=100, days=8, seed=11)


@pytest.fixture
def demo_store(shop: DemoShop) -> Store:
    store = demo_store_create(shop, slug="demo-test")
    catalogue_load(store=store, shop=shop)
    orders_load(store=store, orders=shop.orders)
    return store


@pytest.fixture
def providers() -> Iterator[RunningProviders]:
    running = providers_start(port=0)
    try:
        yield running
    finally:
        running.stop()


def test_the_stand_ins_run_in_a_thread_and_stop(providers: RunningProviders) -> None:
    assert httpx.get(f"{providers.url}/_control/health").json() == {"status": "ok"}
    providers.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{providers.url}/_control/health", timeout=2)


def test_a_taken_port_falls_back_to_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = providers_start(port=port)
        try:
            assert running.url != f"http://127.0.0.1:{port}"
            assert httpx.get(f"{running.url}/_control/health").status_code == 200
        finally:
            running.stop()


def test_channels_point_at_the_stand_ins_and_keep_their_secrets_across_runs(demo_store) -> None:
    assert demo_channels_configure(store=demo_store, providers_url="http://127.0.0.1:8900") == [
        "whatsapp",
        "sms",
    ]
    token = secret_get(store=demo_store, key="whatsapp.token")
    trail = SettingChange.objects.count()

    demo_channels_configure(store=demo_store, providers_url="http://127.0.0.1:8901")

    assert secret_get(store=demo_store, key="whatsapp.phone_number_id") == DEMO_PHONE_NUMBER_ID
    assert secret_get(store=demo_store, key="whatsapp.graph_url") == "http://127.0.0.1:8901"
    assert secret_get(store=demo_store, key="sms.base_url") == "http://127.0.0.1:8901"
    assert secret_get(store=demo_store, key="whatsapp.token") == token
    assert all(secret_get(store=demo_store, key=f"whatsapp.{k}") for k in ("app_secret", "verify_token"))
    assert list(SettingChange.objects.order_by("id")[trail:].values_list("key", "actor", "source")) == [
        ("whatsapp.graph_url", "wasl demo", "demo"),
        ("sms.base_url", "wasl demo", "demo"),
    ]


def test_a_channel_the_store_set_up_for_real_is_left_alone(demo_store) -> None:
    secret_set(store=demo_store, key="whatsapp.phone_number_id", value="998877665544")
    secret_set(store=demo_store, key="whatsapp.graph_url", value="https://graph.facebook.com")

    assert demo_channels_configure(store=demo_store, providers_url="http://127.0.0.1:8900") == ["sms"]
    assert secret_get(store=demo_store, key="whatsapp.graph_url") == "https://graph.facebook.com"


def test_two_buyers_with_parcels_on_the_way_become_test_numbers_once(demo_store) -> None:
    buyers = demo_sandbox_buyers(store=demo_store)
    again = demo_sandbox_buyers(store=demo_store)

    assert len(buyers) == 2 and again == buyers
    assert len({b.phone for b in buyers}) == 2
    assert all(b.status in LIVE for b in buyers)
    rows = SandboxPhone.objects.filter(store=demo_store).order_by("phone")
    assert sorted(b.phone for b in buyers) == [r.phone for r in rows]
    assert all(r.label.startswith("Demo: ") for r in rows)
    shipments = Shipment.objects.filter(
        store=demo_store, tracking_number__in=[b.tracking_number for b in buyers]
    )
    assert {s.order.customer.phone for s in shipments} == {b.phone for b in buyers}


def test_when_a_buyer_is_done_another_live_one_is_added(demo_store) -> None:
    first = demo_sandbox_buyers(store=demo_store)
    Shipment.objects.filter(store=demo_store, order__customer__phone=first[0].phone).update(
        status="delivered"
    )

    second = demo_sandbox_buyers(store=demo_store)

    assert first[1] in second and first[0] not in second and len(second) == 2
    assert SandboxPhone.objects.filter(store=demo_store).count() == 3


def move(client: Any, key: str, tracking_number: str, status: str) -> None:
    """What the demo's "try it" command does: one scan through the API."""
    from django.utils import timezone

    body = {"tracking_number": tracking_number, "status": status, "occurred_at": timezone.now().isoformat()}
    answer = client.post(
        "/api/v1/tracking-events",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert answer.status_code == 201, answer.content


def test_moving_parcels_notifies_the_sandbox_buyer_inside_wasl_and_others_through_pywa(
    client, demo_store, providers: RunningProviders, settings, django_capture_on_commit_callbacks
) -> None:
    settings.WASL_QUIET_HOURS = "off"
    demo_channels_configure(store=demo_store, providers_url=providers.url)
    [tester, _other_tester] = demo_sandbox_buyers(store=demo_store)
    sandboxed = set(SandboxPhone.objects.values_list("phone", flat=True))
    outsider = (
        Shipment.objects.filter(store=demo_store, status="in_transit")
        .exclude(order__customer__phone__in=sandboxed)
        .select_related("order__customer")
        .first()
    )
    assert outsider is not None
    key = api_key_create(store=demo_store, name="test")[1]

    with django_capture_on_commit_callbacks(execute=True):
        move(client, key, tester.tracking_number, tester.next_status)
        move(client, key, outsider.tracking_number, "out_for_delivery")
    run_notify_tasks()
    outcomes = run_send_tasks()

    assert outcomes == ["sentx1", "sentx1"]  # one notification task per scan, each its own batch
    inside = Message.objects.get(conversation__address=tester.phone, event__startswith="shipment.")
    outside = Message.objects.get(conversation__address=outsider.order.customer.phone)
    assert (inside.status, inside.provider_id.startswith("sandbox.")) == ("sent", True)  # kept inside Wasl
    assert (outside.event, outside.status, outside.provider_id.startswith("wamid.")) == (
        "shipment.out_for_delivery",
        "sent",
        True,
    )
    reached = httpx.get(f"{providers.url}/_control/graph/sent").json()
    assert [(r["phone_number_id"], r["body"]["to"]) for r in reached] == [
        (DEMO_PHONE_NUMBER_ID, outsider.order.customer.phone)
    ]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--orders", "120", "--days", "10", "--store", "demo-cmd", *args, stdout=out)
    return out.getvalue()


def test_demo_without_serving_seeds_sets_up_channels_and_sandbox_and_says_how_to_try(db) -> None:
    output = run_demo("--no-serve")
    store = Store.objects.get(slug="demo-cmd")

    assert secret_get(store=store, key="whatsapp.graph_url") == "http://127.0.0.1:8900"
    assert secret_get(store=store, key="sms.base_url") == "http://127.0.0.1:8900"
    assert "run `wasl fake-providers` to receive them" in output
    phones = list(SandboxPhone.objects.filter(store=store).values_list("phone", flat=True))
    assert len(phones) == 2 and all(f"Sandbox: {p}" in output for p in phones)
    assert "curl -s -X POST http://127.0.0.1:8000/api/v1/tracking-events" in output
    assert "http://127.0.0.1:8000/console/demo-cmd/sandbox/" in output

    trail = SettingChange.objects.count()
    again = run_demo("--no-serve")
    assert "already exists; reusing it" in again
    assert SettingChange.objects.count() == trail
    assert SandboxPhone.objects.filter(store=store).count() == 2


def test_demo_serves_with_the_stand_ins_running_and_stops_them(db, monkeypatch) -> None:
    seen: dict[str, Any] = {}

    def fake_serve(host: str, port: int, web_workers: int) -> None:
        store = Store.objects.get(slug="demo-cmd")
        seen["url"] = secret_get(store=store, key="whatsapp.graph_url")
        seen["health"] = httpx.get(f"{seen['url']}/_control/health").json()

    monkeypatch.setattr("wasl.demo.management.commands.demo.serve", fake_serve)
    output = run_demo("--providers-port", "0")

    assert seen["health"] == {"status": "ok"}
    assert f"go to the provider stand-ins at {seen['url']}" in output
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{seen['url']}/_control/health", timeout=2)
