"""The Twilio stand-in's playback: buyer replies and status callbacks, posted signed to a real local receiver.

The receiver checks each signature with Wasl's own validation, so both sides agree on Twilio's algorithm
(each is also pinned separately to Twilio's published vector).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from wasl.fakeproviders.graph_server import RunningServer, serve_in_thread
from wasl.fakeproviders.sms import SmsStandIn, twilio_signature
from wasl.messaging.channels.sms import SIGNATURE_HEADER, is_valid_signature, parse_inbound, parse_status

SID = "AC" + "4" * 32
TOKEN = "playback-token"
SHOP = "+15005550006"
BUYER = "+212612345678"


@dataclass
class Hook:
    path: str
    headers: dict[str, str]
    form: list[tuple[str, str]]


@dataclass
class Receiver:
    hooks: list[Hook] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    answer: str = "204 No Content"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qsl(environ["wsgi.input"].read(length).decode(), keep_blank_values=True)
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        with self.lock:
            self.hooks.append(Hook(environ["PATH_INFO"], headers, form))
        start_response(self.answer, [])
        return []


@pytest.fixture
def wasl_side() -> Iterator[tuple[Receiver, RunningServer]]:
    receiver = Receiver()
    running = serve_in_thread(receiver)
    try:
        yield receiver, running
    finally:
        running.stop()


def validated(hook: Hook, url: str) -> bool:
    return is_valid_signature(
        url=url, params=hook.form, signature=hook.headers["X-Twilio-Signature"], auth_token=TOKEN
    )


def test_the_stand_ins_signature_matches_twilios_published_vector() -> None:
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
        "Caller": "+14158675309",
    }

    assert twilio_signature("https://mycompany.com/myapp.php?foo=1&bar=2", params, "12345") == (
        "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    )


def test_a_buyers_reply_is_posted_signed_and_parses_as_an_inbound_sms(wasl_side: Any) -> None:
    receiver, running = wasl_side
    url = running.url + "/webhooks/sms/souq/"

    delivery = SmsStandIn(accounts={SID: TOKEN}).reply(
        webhook_url=url, auth_token=TOKEN, from_phone=BUYER, to_phone=SHOP, body="١"
    )

    (hook,) = receiver.hooks
    assert (delivery.status, delivery.http_status) == ("received", 204)
    assert hook.path == "/webhooks/sms/souq/"
    assert SIGNATURE_HEADER in hook.headers
    assert hook.headers["User-Agent"] == "TwilioProxy/1.1"
    assert validated(hook, url)
    assert not is_valid_signature(
        url=url, params=hook.form, signature=hook.headers[SIGNATURE_HEADER], auth_token="x"
    )
    inbound = parse_inbound(dict(hook.form))
    assert (inbound.provider_id, inbound.from_phone, inbound.to_id, inbound.text) == (
        delivery.sid,
        BUYER,
        SHOP,
        "١",
    )
    assert inbound.extra["AccountSid"] == SID


def test_status_callbacks_follow_a_sent_message_in_order(wasl_side: Any) -> None:
    receiver, running = wasl_side
    url = running.url + "/webhooks/sms/souq/"
    standin = SmsStandIn(accounts={SID: TOKEN})
    provider = serve_in_thread(standin)
    try:
        sent = httpx.post(
            f"{provider.url}/2010-04-01/Accounts/{SID}/Messages.json",
            data={"To": BUYER, "From": SHOP, "Body": "Out for delivery"},
            auth=(SID, TOKEN),
            timeout=5.0,
        ).json()
    finally:
        provider.stop()

    deliveries = standin.statuses(webhook_url=url, auth_token=TOKEN, sid=sent["sid"])

    assert [(d.sid, d.status, d.http_status) for d in deliveries] == [
        (sent["sid"], "sent", 204),
        (sent["sid"], "delivered", 204),
    ]
    assert all(validated(hook, url) for hook in receiver.hooks)
    updates = [parse_status(dict(hook.form)) for hook in receiver.hooks]
    assert [(u.provider_id, u.status, u.recipient, u.error_code) for u in updates] == [
        (sent["sid"], "sent", BUYER, ""),
        (sent["sid"], "delivered", BUYER, ""),
    ]
    assert dict(receiver.hooks[0].form)["AccountSid"] == SID
    assert standin.find(sent["sid"]).status == "delivered"


def test_a_failed_status_carries_the_error_code(wasl_side: Any) -> None:
    receiver, running = wasl_side
    url = running.url + "/hooks/status"
    standin = SmsStandIn()
    provider = serve_in_thread(standin)
    try:
        control = provider.url + "/_control/sms/"
        sent = httpx.post(
            f"{provider.url}/2010-04-01/Accounts/{SID}/Messages.json",
            data={"To": BUYER, "From": SHOP, "Body": "x"},
            auth=(SID, TOKEN),
            timeout=5.0,
        ).json()
        # Played back through the control endpoint, as a separate `wasl fake-providers` process would be driven
        played = httpx.post(
            control + "statuses",
            json={
                "webhook_url": url,
                "auth_token": TOKEN,
                "sid": sent["sid"],
                "sequence": ["sent", "undelivered"],
                "error_code": "30005",
            },
            timeout=5.0,
        )
    finally:
        provider.stop()

    assert played.status_code == 200
    assert [d["status"] for d in played.json()["deliveries"]] == ["sent", "undelivered"]
    update = parse_status(dict(receiver.hooks[1].form))
    assert (update.status, update.error_code, update.error_title) == (
        "failed",
        "30005",
        "Unknown destination handset",
    )
    assert "ErrorCode" not in dict(receiver.hooks[0].form)


def test_a_reply_through_the_control_endpoint_reaches_the_webhook(wasl_side: Any) -> None:
    receiver, running = wasl_side
    provider = serve_in_thread(SmsStandIn())
    try:
        played = httpx.post(
            provider.url + "/_control/sms/reply",
            json={
                "webhook_url": running.url + "/in",
                "auth_token": TOKEN,
                "from_phone": BUYER,
                "to_phone": SHOP,
                "body": "2",
            },
            timeout=5.0,
        )
    finally:
        provider.stop()

    assert played.status_code == 200
    (delivery,) = played.json()["deliveries"]
    assert (delivery["status"], delivery["http_status"]) == ("received", 204)
    assert dict(receiver.hooks[0].form)["Body"] == "2"


def test_a_webhook_that_cannot_be_reached_is_reported_as_status_zero() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    delivery = SmsStandIn().reply(
        webhook_url=f"http://127.0.0.1:{port}/unreachable",
        auth_token=TOKEN,
        from_phone=BUYER,
        to_phone=SHOP,
        body="hi",
    )

    assert delivery.http_status == 0
