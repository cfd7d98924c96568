"""The sandbox: the merchant plays the buyer through the real inbound path; nothing reaches the provider."""

from __future__ import annotations

from typing import Any

import pytest
from bot_helpers import PHONE, buyer_order, ids_of
from django_tasks_db.models import DBTaskResult
from messaging_helpers import WHATSAPP_SETTINGS, RecordingChannel

from wasl.console.models import SandboxPhone
from wasl.messaging.channels import registry
from wasl.messaging.models import Message
from wasl.messaging.sandbox import sandbox_channel, sandbox_mark_delivered
from wasl.messaging.sending import message_send
from wasl.messaging.services import Draft, conversation_get_or_create, message_queue
from wasl.orders.models import OrderEvent
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db
PAGE = f"/console/souq-test/sandbox/{PHONE}/"


@pytest.fixture
def whatsapp(store, monkeypatch: pytest.MonkeyPatch) -> RecordingChannel:
    """The store has a real WhatsApp number set up; its client only records what it is given."""
    recorder = RecordingChannel("whatsapp")

    def build(store: Any, values: dict[str, str]) -> registry.ChannelHandle:
        return registry.ChannelHandle(recorder, "whatsapp:test", values["phone_number_id"], None)

    monkeypatch.setitem(registry.BUILDERS, "whatsapp", build)
    for key, value in WHATSAPP_SETTINGS.items():
        secret_set(store=store, key=key, value=value)
    return recorder


@pytest.fixture
def tester(store, agent) -> SandboxPhone:
    return SandboxPhone.objects.create(store=store, phone=PHONE, created_by=agent)


def outbound() -> list[Message]:
    return list(Message.objects.filter(direction="out").order_by("id"))


def test_a_number_that_is_not_one_is_said_on_the_page(console, store) -> None:
    answer = console.post("/console/souq-test/sandbox/", {"phone": "call me maybe", "label": ""})

    assert answer.status_code == 400
    assert "This is not a phone number we can read." in answer.content.decode()
    assert SandboxPhone.objects.count() == 0


def test_a_local_number_is_registered_in_e164_and_opened(console, store) -> None:
    answer = console.post("/console/souq-test/sandbox/", {"phone": "050 123 4567", "label": "Sara test"})

    assert (answer.status_code, answer["Location"]) == (302, PAGE)
    assert list(SandboxPhone.objects.values_list("phone", "label")) == [(PHONE, "Sara test")]


def test_recent_buyers_are_offered_with_a_warning(console, store) -> None:
    buyer_order(store)

    page = console.get("/console/souq-test/sandbox/").content.decode()

    assert f'name="phone" value="{PHONE}"' in page
    assert "nothing reaches that buyer" in page


def test_round_trip_the_buyer_asks_and_the_bot_answers_inside_wasl(console, store, whatsapp, tester) -> None:
    buyer_order(store)

    answer = console.post(f"{PAGE}say/", {"text": "وين طلبي"})

    assert (answer.status_code, answer["Location"]) == (302, PAGE)
    inbound, reply = Message.objects.order_by("id")
    assert (inbound.direction, inbound.body, inbound.channel, inbound.extra["sandbox"]) == (
        "in",
        "وين طلبي",
        "whatsapp",
        "true",
    )
    assert (reply.direction, reply.status, reply.provider_id.startswith("sandbox.")) == (
        "out",
        "delivered",
        True,
    )
    assert [s.status for s in reply.status_events.all()] == ["queued", "sent", "delivered"]
    assert whatsapp.sent == []  # the store's real number was never used
    assert [m.idempotency_key for m in sandbox_channel(store.pk).sent][-1] == reply.idempotency_key
    page = console.get(PAGE).content.decode()
    assert "وين طلبي" in page and "مؤكد وقيد التجهيز" in page


def test_tapping_buttons_and_rows_as_the_buyer_cancels_a_pending_order(console, store, tester) -> None:
    order = buyer_order(store)

    console.post(f"{PAGE}say/", {"text": "hello"})
    console.post(
        f"{PAGE}tap/", {"button_id": "menu:change", "button_title": "Change my order", "kind": "button"}
    )
    assert ids_of(outbound()[-1]) == ["menu:day", "menu:address", "menu:cancel", "menu:return"]
    console.post(
        f"{PAGE}tap/", {"button_id": "menu:cancel", "button_title": "Cancel my order", "kind": "list"}
    )
    assert ids_of(outbound()[-1]) == [f"cancel:{order.pk}:yes", f"cancel:{order.pk}:no"]
    console.post(
        f"{PAGE}tap/", {"button_id": f"cancel:{order.pk}:yes", "button_title": "Yes", "kind": "button"}
    )

    order.refresh_from_db()
    assert order.status == "cancelled"
    assert {m.status for m in outbound()} == {"delivered"}


def test_a_pin_shared_as_the_buyer_lands_on_the_timeline(console, store, tester) -> None:
    order = buyer_order(store)
    console.post(f"{PAGE}say/", {"text": "I need to change my address"})

    console.post(f"{PAGE}location/", {"latitude": "24.7136", "longitude": "46.6753"})

    [event] = OrderEvent.objects.filter(order=order, data__type="address_change_requested")
    assert (event.data["latitude"], event.data["longitude"]) == ("24.713600", "46.675300")


@pytest.mark.parametrize(
    ("path", "form", "said"),
    [
        ("say/", {"text": ""}, "This field is required."),
        ("tap/", {"button_title": "x"}, "That button cannot be tapped."),
        ("location/", {"latitude": "91", "longitude": "0"}, "A location needs a latitude and a longitude."),
    ],
)
def test_bad_input_as_the_buyer_is_said_on_the_page(console, store, tester, path, form, said) -> None:  # type: ignore[no-untyped-def]
    answer = console.post(PAGE + path, form)

    assert answer.status_code == 400
    assert said in answer.content.decode()
    assert Message.objects.count() == 0


def test_numbers_that_are_not_the_stores_test_numbers_are_404(console, store, other_store) -> None:
    SandboxPhone.objects.create(store=other_store, phone="+201001234567")

    assert console.get(PAGE).status_code == 404
    assert console.post(f"{PAGE}say/", {"text": "hi"}).status_code == 404
    assert console.get("/console/other-shop/sandbox/+201001234567/").status_code == 404
    assert console.get("/console/souq-test/sandbox/+201001234567/").status_code == 404


def test_a_notification_to_a_test_number_stays_inside_and_is_reported_delivered(
    store, whatsapp, tester
) -> None:
    conversation = conversation_get_or_create(store=store, channel="whatsapp", address=PHONE)
    draft = Draft(
        kind="template", body="Shipped!", language="en", event="shipment.shipped", template_name="x"
    )
    message, _ = message_queue(conversation=conversation, draft=draft, idempotency_key="notify:test")

    assert message_send(message_id=message.pk) == "sent"

    message.refresh_from_db()
    assert (message.status, whatsapp.sent) == ("sent", [])
    [receipt] = [t for t in DBTaskResult.objects.all() if t.task_path.endswith(".sandbox_receipt")]
    store_id, key = receipt.args_kwargs["args"]
    assert sandbox_mark_delivered(store_id=store_id, idempotency_key=key) == "applied"
    message.refresh_from_db()
    assert message.status == "delivered"


def test_once_removed_the_number_is_reached_for_real_again(console, store, whatsapp, tester) -> None:
    answer = console.post(f"{PAGE}remove/")

    assert (answer.status_code, console.get(PAGE).status_code) == (302, 404)
    conversation = conversation_get_or_create(store=store, channel="whatsapp", address=PHONE)
    message, _ = message_queue(
        conversation=conversation, draft=Draft(kind="text", body="hi"), idempotency_key="k"
    )
    assert message_send(message_id=message.pk) == "sent"
    assert [m.to for m in whatsapp.sent] == [PHONE]


def test_the_phone_thread_can_be_fetched_alone_for_refreshing(console, store, tester) -> None:
    console.post(f"{PAGE}say/", {"text": "hello"})

    fragment = console.get(f"{PAGE}?fragment=1").content.decode()

    assert fragment.lstrip().startswith('<ol class="thread phone-thread" data-version="')
    assert "<html" not in fragment
