"""The SMS channel's real HTTP client against the Twilio stand-in (and a few scripted answers) on 127.0.0.1."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pytest

from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.fakeproviders.sms import SmsStandIn
from wasl.messaging.channels.sms import SmsChannel
from wasl.messaging.channels.types import (
    NOT_ON_CHANNEL,
    PERMANENT,
    RATE_LIMITED,
    TEMPORARY,
    Button,
    OutgoingMessage,
    ProviderError,
)

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "token-of-souq"
SHOP_NUMBER = "+15005550006"
BUYER = "+966501234567"


def channel(url: str, **overrides: Any) -> SmsChannel:
    options: dict[str, Any] = {
        "account_sid": ACCOUNT_SID,
        "auth_token": AUTH_TOKEN,
        "from_number": SHOP_NUMBER,
        "base_url": url,
        "status_callback": "https://wasl.example/webhooks/sms/souq/",
        "timeout_s": 2.0,
    }
    return SmsChannel(**(options | overrides))


def text_message(text: str = "Your order 1042 is on its way", **overrides: Any) -> OutgoingMessage:
    return OutgoingMessage(
        **({"idempotency_key": "k1", "to": BUYER, "kind": "text", "text": text} | overrides)
    )


def test_a_text_is_sent_with_the_accounts_credentials_and_its_sid_comes_back(sms_provider: Any) -> None:
    # Given the stand-in and a store's SMS channel pointed at it
    # When a text is sent
    result = channel(sms_provider.url).send(text_message())

    # Then the provider got To, From, Body and the status callback, and its sid is the result
    (sent,) = sms_provider.standin.sent
    assert (sent.account_sid, sent.to, sent.from_, sent.body) == (
        ACCOUNT_SID,
        BUYER,
        SHOP_NUMBER,
        "Your order 1042 is on its way",
    )
    assert sent.status_callback == "https://wasl.example/webhooks/sms/souq/"
    assert result.provider_id == sent.sid
    assert re.fullmatch(r"SM[0-9a-f]{32}", result.provider_id)
    # And a price not known yet (Twilio's null at "queued") is no cost rather than zero
    assert (result.cost, result.currency) == (None, "")


def test_the_price_is_read_as_a_positive_cost_per_segment() -> None:
    # Given a provider that prices each segment at 0.05 USD
    standin = SmsStandIn(accounts={ACCOUNT_SID: AUTH_TOKEN}, price_per_segment="0.0500")
    running = serve_in_thread(standin)
    try:
        # When one short English text and one Arabic text of two UCS-2 segments are sent
        short = channel(running.url).send(text_message("Delivered today"))
        arabic = channel(running.url).send(text_message("طلبك " * 15))
    finally:
        running.stop()

    # Then each cost is what was charged, in the provider's currency
    assert (short.cost, short.currency) == (Decimal("0.0500"), "USD")
    assert (arabic.cost, arabic.currency) == (Decimal("0.1000"), "USD")


def test_buttons_are_numbered_after_the_text(sms_provider: Any) -> None:
    # Given a message with reply buttons, which SMS cannot show
    message = text_message(
        "هل تؤكد طلبك رقم 1042؟",
        kind="buttons",
        buttons=(Button("cod:confirm:1042", "تأكيد"), Button("cod:cancel:1042", "إلغاء")),
        footer="سوق",
    )
    channel(sms_provider.url).send(message)

    # Then the SMS carries the text, the choices numbered from 1, and the footer
    assert sms_provider.standin.sent[0].body == "هل تؤكد طلبك رقم 1042؟\n\n1. تأكيد\n2. إلغاء\n\nسوق"


def test_the_messages_sender_overrides_the_channels_number(sms_provider: Any) -> None:
    channel(sms_provider.url).send(text_message(sender_id="SOUQ"))

    assert sms_provider.standin.sent[0].from_ == "SOUQ"


@pytest.mark.parametrize(
    ("failure", "kind", "code"),
    [
        ("500", TEMPORARY, "20500"),
        ("429", RATE_LIMITED, "20429"),
        ("21211", NOT_ON_CHANNEL, "21211"),
        ("21610", PERMANENT, "21610"),
    ],
)
def test_provider_failures_map_to_what_happens_next(
    sms_provider: Any, failure: str, kind: str, code: str
) -> None:
    # Given the provider will fail the next request as `failure`
    sms_provider.standin.fail_next(1, failure)

    # When a text is sent
    with pytest.raises(ProviderError) as failed:
        channel(sms_provider.url).send(text_message())

    # Then the error's kind decides retry or fallback, and the provider's code is kept
    assert (failed.value.kind, failed.value.code) == (kind, code)
    assert failed.value.retryable is (kind in (TEMPORARY, RATE_LIMITED))
    assert sms_provider.standin.sent == []
    # And the next send goes through
    assert channel(sms_provider.url).send(text_message()).provider_id == sms_provider.standin.sent[0].sid


def test_a_provider_that_does_not_answer_in_time_is_a_temporary_timeout(sms_provider: Any) -> None:
    sms_provider.standin.fail_next(1, "timeout")

    sms = channel(sms_provider.url, timeout_s=0.3)

    with pytest.raises(ProviderError) as failed:
        sms.send(text_message())

    assert (failed.value.kind, failed.value.code) == (TEMPORARY, "timeout")
    # And the same channel sends again once the provider answers
    assert sms.send(text_message()).provider_id == sms_provider.standin.sent[0].sid


def test_one_channel_serves_several_threads_and_can_be_closed(sms_provider: Any) -> None:
    # Given one channel shared by four threads sending five texts each
    sms = channel(sms_provider.url)
    results: list[str] = []
    lock = threading.Lock()

    def send_five(worker: int) -> None:
        for number in range(5):
            sid = sms.send(text_message(f"text {worker}-{number}")).provider_id
            with lock:
                results.append(sid)

    threads = [threading.Thread(target=send_five, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Then every text was sent once, under its own sid
    assert sorted(results) == sorted(sent.sid for sent in sms_provider.standin.sent)
    assert len(set(results)) == 20
    assert sorted(sent.body for sent in sms_provider.standin.sent) == sorted(
        f"text {worker}-{number}" for worker in range(4) for number in range(5)
    )
    # And a closed channel opens a new connection when used again
    sms.close()
    assert sms.send(text_message()).provider_id == sms_provider.standin.sent[-1].sid


def test_a_number_that_is_not_e164_is_not_on_the_channel(sms_provider: Any) -> None:
    with pytest.raises(ProviderError) as failed:
        channel(sms_provider.url).send(text_message(to="0501234567"))

    assert (failed.value.kind, failed.value.code) == (NOT_ON_CHANNEL, "21211")
    assert failed.value.message == "The 'To' number 0501234567 is not a valid phone number."


def test_a_wrong_auth_token_is_permanent(sms_provider: Any) -> None:
    with pytest.raises(ProviderError) as failed:
        channel(sms_provider.url, auth_token="not-the-token").send(text_message())

    assert (failed.value.kind, failed.value.code, failed.value.message) == (
        PERMANENT,
        "20003",
        "Authenticate",
    )


def test_a_message_with_nothing_to_say_is_refused_before_sending(sms_provider: Any) -> None:
    with pytest.raises(ProviderError) as failed:
        channel(sms_provider.url).send(text_message("  ", kind="template", template_name="cod_confirm"))

    assert (failed.value.kind, failed.value.code) == (PERMANENT, "empty_body")
    assert sms_provider.standin.requests == []


def test_a_provider_that_is_down_is_a_temporary_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(ProviderError) as failed:
        channel(f"http://127.0.0.1:{port}").send(text_message())

    assert (failed.value.kind, failed.value.code) == (TEMPORARY, "connection")


def scripted(status: int, body: bytes, content_type: str = "application/json") -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response(f"{status} Scripted", [("Content-Type", content_type)])
        return [body]

    return app


def twilio_error(status: int, code: object, message: str) -> bytes:
    return json.dumps({"code": code, "message": message, "more_info": "", "status": status}).encode()


@pytest.mark.parametrize(
    ("status", "body", "kind", "code"),
    [
        (400, twilio_error(400, 21614, "'To' number is not a valid mobile number"), NOT_ON_CHANNEL, "21614"),
        (400, twilio_error(400, "21211", "invalid 'To' number"), NOT_ON_CHANNEL, "21211"),
        (400, twilio_error(400, 20429, "Too Many Requests"), RATE_LIMITED, "20429"),
        (400, twilio_error(400, 21606, "The 'From' number is not a valid..."), PERMANENT, "21606"),
        (503, b"<html>Service Unavailable</html>", TEMPORARY, "503"),
        (429, b"slow down", RATE_LIMITED, "429"),
        (404, b"[1, 2]", PERMANENT, "404"),
        (201, b'{"status": "queued"}', TEMPORARY, "bad_response"),
        (201, b"not json", TEMPORARY, "bad_response"),
    ],
)
def test_odd_answers_map_without_surprises(status: int, body: bytes, kind: str, code: str) -> None:
    # Given a provider that answers `status` with `body`
    running = serve_in_thread(scripted(status, body))
    try:
        # When a text is sent
        with pytest.raises(ProviderError) as failed:
            channel(running.url).send(text_message())
    finally:
        running.stop()

    # Then the answer maps onto a kind and a code, never an unexpected exception
    assert (failed.value.kind, failed.value.code) == (kind, code)
