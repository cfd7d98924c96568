"""The stand-in playing the buyer's side: signed replies and statuses that Wasl's own webhook code reads."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

import httpx
import pytest

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.messaging.channels.types import Button, InboundMessage, ListRow, OutgoingMessage, StatusUpdate
from wasl.messaging.channels.whatsapp.client import WhatsAppChannel
from wasl.messaging.channels.whatsapp.webhook import parse, verify_signature

APP_SECRET = "app-secret-of-souq"
NUMBER_ID = "1122334455667"
BUYER = "+212600000001"


@dataclass
class Receiver:
    """Stands where Wasl's webhook view stands: checks the signature, keeps what it parsed."""

    url: str = ""
    messages: list[InboundMessage] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    sha1_headers: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if not verify_signature(body, environ.get("HTTP_X_HUB_SIGNATURE_256", ""), APP_SECRET):
            start_response("401 Unauthorized", [("Content-Type", "text/plain")])
            return [b"bad signature"]
        content = parse(body)
        with self.lock:
            self.bodies.append(body)
            self.sha1_headers.append(environ.get("HTTP_X_HUB_SIGNATURE", ""))
            self.messages += content.messages
            self.statuses += content.statuses
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    def wait_for_statuses(self, count: int, timeout_s: float = 5.0) -> list[StatusUpdate]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.statuses) >= count:
                    return list(self.statuses)
            time.sleep(0.02)
        return list(self.statuses)


@dataclass(frozen=True)
class World:
    graph: GraphStandIn
    receiver: Receiver
    channel: WhatsAppChannel

    def reply(self, **fields: Any) -> httpx.Response:
        target = {"webhook_url": self.receiver.url, "app_secret": APP_SECRET, "phone_number_id": NUMBER_ID}
        return self.graph.reply(**target, from_phone=BUYER, **fields)

    def statuses(self, wamid: str, **fields: Any) -> list[httpx.Response]:
        target = {"webhook_url": self.receiver.url, "app_secret": APP_SECRET}
        return self.graph.statuses(**target, wamid=wamid, recipient=BUYER, **fields)


def build_world(**graph_options: Any) -> Iterator[World]:
    receiver = Receiver()
    receiving = serve_in_thread(receiver)
    receiver.url = receiving.url + "/webhooks/whatsapp/souq-test/"
    options = {key: receiver.url if value == "RECEIVER" else value for key, value in graph_options.items()}
    graph = GraphStandIn(**options)
    serving = serve_in_thread(graph)
    channel = WhatsAppChannel(phone_number_id=NUMBER_ID, token="t", graph_url=serving.url, timeout_s=5)
    try:
        yield World(graph, receiver, channel)
    finally:
        channel.close()
        graph.close()
        serving.stop()
        receiving.stop()


@pytest.fixture
def world() -> Iterator[World]:
    yield from build_world()


def send(world: World, kind: str, **fields: Any) -> str:
    return world.channel.send(OutgoingMessage(idempotency_key="k", to=BUYER, kind=kind, **fields)).provider_id


def test_text_reply_reaches_wasl_signed_and_readable(world: World) -> None:
    # When the buyer writes back
    response = world.reply(text="واش وصل الطلب؟")
    # Then Wasl's webhook accepted the signature and read exactly that message
    assert response.status_code == 200
    [message] = world.receiver.messages
    assert (message.kind, message.text, message.from_phone, message.to_id, message.profile_name) == (
        "text",
        "واش وصل الطلب؟",
        BUYER,
        NUMBER_ID,
        "Buyer",
    )
    assert message.provider_id.startswith("wamid.") and message.replied_to == ""
    assert abs(message.received_at.timestamp() - time.time()) < 5
    assert world.receiver.sha1_headers[0].startswith("sha1=")


def test_tap_on_a_reply_button_answers_our_message_with_its_title(world: World) -> None:
    # Given we sent reply buttons
    wamid = send(
        world,
        "buttons",
        text="Confirm?",
        buttons=(Button("cod:confirm:1042", "Confirm"), Button("cod:cancel:1042", "Cancel")),
    )
    # When the buyer taps "Cancel"
    world.reply(button_id="cod:cancel:1042", context_id=wamid)
    # Then Wasl reads a button reply to that message, titled as the button was
    [message] = world.receiver.messages
    assert (message.kind, message.button_id, message.button_title, message.replied_to) == (
        "button",
        "cod:cancel:1042",
        "Cancel",
        wamid,
    )


def test_choice_in_a_list_comes_back_as_a_list_reply(world: World) -> None:
    wamid = send(
        world,
        "list",
        text="When?",
        list_button="Pick",
        rows=(ListRow("slot:am", "Morning"), ListRow("slot:pm", "Evening")),
    )
    world.reply(button_id="slot:pm", context_id=wamid)
    [message] = world.receiver.messages
    assert (message.kind, message.button_id, message.button_title, message.replied_to) == (
        "list",
        "slot:pm",
        "Evening",
        wamid,
    )


def test_quick_reply_on_a_template_comes_back_as_type_button(world: World) -> None:
    # Given a template (its quick-reply buttons live in the approved template, not in our request)
    wamid = send(world, "template", template_name="cod_confirmation", template_params=("Amina",))
    # When the buyer taps one
    world.reply(button_id="confirm", button_title="Confirmer", context_id=wamid)
    # Then it arrives as Meta sends template quick replies
    assert b'"type":"button","button":{"payload":"confirm","text":"Confirmer"}' in world.receiver.bodies[0]
    [message] = world.receiver.messages
    assert (message.kind, message.button_id, message.button_title, message.replied_to) == (
        "button",
        "confirm",
        "Confirmer",
        wamid,
    )


def test_shared_location_keeps_its_digits(world: World) -> None:
    world.reply(
        location={"latitude": 33.5731104, "longitude": -7.5898434, "name": "Home", "address": "Bd Zerktouni"}
    )
    world.reply(location=(24.7136, 46.6753))
    first, second = world.receiver.messages
    assert (first.kind, first.latitude, first.longitude) == (
        "location",
        Decimal("33.5731104"),
        Decimal("-7.5898434"),
    )
    assert (first.extra["location_name"], first.extra["location_address"]) == ("Home", "Bd Zerktouni")
    assert (second.latitude, second.longitude) == (Decimal("24.7136"), Decimal("46.6753"))


@pytest.mark.parametrize("fields", [{}, {"text": "a", "button_id": "b"}, {"location": {"latitude": 1}}])
def test_reply_needs_exactly_one_readable_thing(world: World, fields: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        world.reply(**fields)


def test_statuses_sent_delivered_read(world: World) -> None:
    # Given a template we sent
    wamid = send(world, "template", template_name="shipped")
    # When its statuses are played back
    responses = world.statuses(wamid)
    # Then three signed webhooks arrive, in order, a second apart, priced as utility
    assert [r.status_code for r in responses] == [200, 200, 200]
    statuses = world.receiver.statuses
    assert [(s.provider_id, s.status, s.recipient, s.pricing_category, s.billable) for s in statuses] == [
        (wamid, "sent", BUYER, "utility", True),
        (wamid, "delivered", BUYER, "utility", True),
        (wamid, "read", BUYER, "utility", True),
    ]
    assert [(later.at - earlier.at).total_seconds() for earlier, later in pairwise(statuses)] == [1, 1]


def test_statuses_echo_the_callback_data_of_the_send(world: World) -> None:
    # Given a send that carried our idempotency key as biz_opaque_callback_data
    wamid = world.channel.send(
        OutgoingMessage(idempotency_key="order-7:shipped", to=BUYER, kind="text", text="x")
    ).provider_id
    # When its statuses are played back, then each one carries the key back, as Meta's do
    world.statuses(wamid, sequence=("sent", "delivered"))
    for body in world.receiver.bodies:
        [status] = json.loads(body)["entry"][0]["changes"][0]["value"]["statuses"]
        assert (status["id"], status["biz_opaque_callback_data"]) == (wamid, "order-7:shipped")


def test_failed_status_carries_the_error(world: World) -> None:
    wamid = send(world, "text", text="hi")
    world.statuses(wamid, sequence=("sent", "failed"), error_code=131026)
    sent, failed = world.receiver.statuses
    assert (sent.status, sent.pricing_category) == ("sent", "service")
    assert (failed.status, failed.error_code, failed.error_title, failed.billable) == (
        "failed",
        "131026",
        "Message undeliverable",
        None,
    )


def test_failed_status_without_a_code_is_a_generic_error(world: World) -> None:
    world.statuses("wamid.unknown-to-the-stand-in", sequence=("failed",))
    [failed] = world.receiver.statuses
    assert (failed.provider_id, failed.error_code, failed.error_title) == (
        "wamid.unknown-to-the-stand-in",
        "131000",
        "Something went wrong",
    )


def test_error_code_without_a_failed_step_is_refused(world: World) -> None:
    with pytest.raises(ValueError):
        world.statuses("wamid.x", error_code=131026)
    assert world.receiver.statuses == []


def test_wrong_app_secret_is_refused_by_wasl(world: World) -> None:
    response = world.graph.reply(
        webhook_url=world.receiver.url,
        app_secret="another",
        phone_number_id=NUMBER_ID,
        from_phone=BUYER,
        text="x",
    )
    assert response.status_code == 401
    assert world.receiver.messages == []


def test_auto_status_follows_every_send_with_sent_and_delivered() -> None:
    for world in build_world(
        auto_status=True, webhook_url="RECEIVER", app_secret=APP_SECRET, status_delay_s=0.01
    ):
        # When two messages are sent
        first, second = send(world, "text", text="one"), send(world, "text", text="two")
        # Then each is followed by sent then delivered, without anyone asking
        statuses = world.receiver.wait_for_statuses(4)
        assert sorted((s.provider_id, s.status) for s in statuses) == sorted(
            [(first, "sent"), (first, "delivered"), (second, "sent"), (second, "delivered")]
        )
        assert [s.status for s in statuses if s.provider_id == first] == ["sent", "delivered"]


def test_auto_status_needs_somewhere_to_post() -> None:
    with pytest.raises(ValueError):
        GraphStandIn(auto_status=True)


def test_auto_status_is_off_by_default(world: World) -> None:
    send(world, "text", text="hi")
    time.sleep(0.2)
    assert world.receiver.statuses == []
