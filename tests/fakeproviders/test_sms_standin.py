"""The Twilio stand-in over real HTTP: what it accepts, what it answers, and its control endpoints."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from wasl.fakeproviders.graph_server import RunningServer, serve_in_thread
from wasl.fakeproviders.sms import FAILURE_KINDS, SmsStandIn, segments

SID = "AC" + "2" * 32
TOKEN = "standin-token"
MESSAGES = f"/2010-04-01/Accounts/{SID}/Messages.json"
FORM = {"To": "+971501234567", "From": "+15005550006", "Body": "Your order is on its way"}


@pytest.fixture
def provider() -> Iterator[tuple[SmsStandIn, RunningServer]]:
    standin = SmsStandIn(accounts={SID: TOKEN}, hang_s=5.0)
    running = serve_in_thread(standin)
    try:
        yield standin, running
    finally:
        standin.close()
        running.stop()


def post(
    running: RunningServer, form: dict[str, str], auth: tuple[str, str] | None = (SID, TOKEN)
) -> httpx.Response:
    return httpx.post(running.url + MESSAGES, data=form, auth=auth, timeout=5.0)


def test_a_send_is_answered_with_a_twilio_message_resource(provider: Any) -> None:
    standin, running = provider

    response = post(running, FORM | {"StatusCallback": "https://wasl.example/cb"})

    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"SM[0-9a-f]{32}", body["sid"])
    assert {key: body[key] for key in ("account_sid", "to", "from", "body", "status", "direction")} == {
        "account_sid": SID,
        "to": "+971501234567",
        "from": "+15005550006",
        "body": "Your order is on its way",
        "status": "queued",
        "direction": "outbound-api",
    }
    assert (body["price"], body["price_unit"], body["num_segments"], body["error_code"]) == (
        None,
        "USD",
        "1",
        None,
    )
    assert body["uri"] == f"/2010-04-01/Accounts/{SID}/Messages/{body['sid']}.json"
    assert re.fullmatch(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000", body["date_created"])
    # And it is recorded, callback included, and can be fetched back
    assert [(sms.sid, sms.status_callback) for sms in standin.sent] == [
        (body["sid"], "https://wasl.example/cb")
    ]
    fetched = httpx.get(running.url + body["uri"], auth=(SID, TOKEN), timeout=5.0)
    assert (fetched.status_code, fetched.json()["sid"]) == (200, body["sid"])


@pytest.mark.parametrize(
    "auth",
    [None, (SID, "wrong"), ("AC" + "9" * 32, TOKEN), (SID, "")],
    ids=["missing", "wrong-token", "other-account", "empty-token"],
)
def test_requests_without_the_accounts_credentials_are_refused(provider: Any, auth: Any) -> None:
    standin, running = provider

    response = post(running, FORM, auth=auth)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Twilio API"'
    assert response.json() == {
        "code": 20003,
        "message": "Authenticate",
        "more_info": "https://www.twilio.com/docs/errors/20003",
        "status": 401,
    }
    assert standin.sent == []


def test_without_configured_accounts_any_sid_with_a_token_is_let_in() -> None:
    standin = SmsStandIn()
    running = serve_in_thread(standin)
    try:
        accepted = post(running, FORM, auth=(SID, "anything"))
        refused = post(running, FORM, auth=("AC" + "3" * 32, "anything"))  # not the sid in the path
    finally:
        running.stop()

    assert (accepted.status_code, refused.status_code) == (201, 401)


@pytest.mark.parametrize(
    ("form", "code", "message"),
    [
        ({"From": "+15005550006", "Body": "x"}, 21604, "A 'To' phone number is required."),
        ({"To": "+971501234567", "Body": "x"}, 21603, "A 'From' phone number is required."),
        ({"To": "+971501234567", "From": "+15005550006"}, 21602, "Message body is required."),
        (FORM | {"To": "0501234567"}, 21211, "The 'To' number 0501234567 is not a valid phone number."),
        (
            FORM | {"Body": "x" * 1601},
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
        ),
    ],
)
def test_bad_sends_get_twilios_error_codes(
    provider: Any, form: dict[str, str], code: int, message: str
) -> None:
    standin, running = provider

    response = post(running, form)

    assert (response.status_code, response.json()["code"], response.json()["message"]) == (400, code, message)
    assert response.json()["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert standin.sent == []
    assert [request.outcome for request in standin.requests] == [str(code)]


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [("500", 500, 20500), ("429", 429, 20429), ("21211", 400, 21211), ("21610", 400, 21610)],
)
def test_scripted_failures_come_first_then_sends_go_through(
    provider: Any, kind: str, status: int, code: int
) -> None:
    standin, running = provider
    standin.fail_next(2, kind)

    answers = [post(running, FORM) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [status, status, 201]
    assert [answer.json().get("code") for answer in answers[:2]] == [code, code]
    assert len(standin.sent) == 1


def test_a_scripted_timeout_outlasts_the_client_and_sends_nothing(provider: Any) -> None:
    standin, running = provider
    standin.fail_next(1, "timeout")

    with pytest.raises(httpx.ReadTimeout):
        httpx.post(running.url + MESSAGES, data=FORM, auth=(SID, TOKEN), timeout=0.3)

    assert standin.sent == []


def test_a_held_request_is_answered_as_an_outage_once_the_stand_in_is_reset(provider: Any) -> None:
    standin, running = provider
    standin.fail_next(1, "timeout")
    answers: list[httpx.Response] = []
    waiting = threading.Thread(target=lambda: answers.append(post(running, FORM)))
    waiting.start()
    deadline = time.monotonic() + 5.0
    while standin.pending_failures() and time.monotonic() < deadline:
        time.sleep(0.02)

    standin.reset()
    waiting.join(timeout=5.0)

    assert [(answer.status_code, answer.json()["code"]) for answer in answers] == [(500, 20500)]


def test_unknown_failure_kinds_and_counts_are_refused() -> None:
    standin = SmsStandIn()

    with pytest.raises(ValueError, match="unknown failure kind 'busy'"):
        standin.fail_next(1, "busy")
    with pytest.raises(ValueError, match="count must be between 1 and 1000"):
        standin.fail_next(0, "500")


def test_the_control_endpoints_script_failures_list_sends_and_reset(provider: Any) -> None:
    standin, running = provider
    control = running.url + "/_control/sms/"

    scripted = httpx.post(control + "fail", json={"count": 1, "kind": "429"}, timeout=5.0)
    failed, sent = post(running, FORM), post(running, FORM)
    listed = httpx.get(control + "sent", timeout=5.0)
    requests = httpx.get(control + "requests", timeout=5.0)
    reset = httpx.post(control + "reset", timeout=5.0)

    assert (scripted.status_code, scripted.json()) == (200, {"pending_failures": ["429"]})
    assert (failed.status_code, sent.status_code) == (429, 201)
    (listed_sms,) = listed.json()["sent"]
    assert listed_sms["sid"] == sent.json()["sid"]
    assert (listed_sms["to"], listed_sms["from"], listed_sms["status"]) == (
        "+971501234567",
        "+15005550006",
        "queued",
    )
    assert [request["outcome"] for request in requests.json()["requests"]] == ["20429", "queued"]
    assert (reset.status_code, standin.sent, standin.requests) == (200, [], [])


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("POST", "fail", b'{"count": 1, "kind": "busy"}', 400, "bad_control_request"),
        ("POST", "fail", b'{"count": 1}', 400, "bad_control_request"),
        ("POST", "fail", b"not json", 400, "bad_control_request"),
        ("POST", "fail", b"[1]", 400, "bad_control_request"),
        (
            "POST",
            "statuses",
            b'{"webhook_url": "http://x", "auth_token": "t", "sid": "SMnope"}',
            404,
            "unknown_message",
        ),
        ("GET", "nothing", b"", 404, "not_found"),
    ],
)
def test_bad_control_requests_get_a_code_and_a_message(
    provider: Any, method: str, path: str, body: bytes, status: int, code: str
) -> None:
    _, running = provider

    response = httpx.request(method, running.url + "/_control/sms/" + path, content=body, timeout=5.0)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["message"]


def test_an_unknown_api_path_is_twilios_404(provider: Any) -> None:
    _, running = provider

    response = httpx.get(running.url + MESSAGES, auth=(SID, TOKEN), timeout=5.0)

    assert (response.status_code, response.json()["code"]) == (404, 20404)


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # an extension character counts twice
        ("€" * 81, 2),
        ("ب" * 70, 1),
        ("ب" * 71, 2),
        ("ب" * 134, 2),
        ("ب" * 135, 3),
    ],
)
def test_segments_follow_gsm_and_ucs2_limits(body: str, count: int) -> None:
    assert segments(body) == count


def test_failure_kinds_are_the_documented_ones() -> None:
    assert FAILURE_KINDS == ("500", "429", "timeout", "21211", "21610")
