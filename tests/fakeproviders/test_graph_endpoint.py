"""The Graph API stand-in's send endpoint over HTTP: answers, validation, auth, recording, injected failures."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import serve_in_thread

TOKEN = "EAAG-stand-in"
PATH = "/v22.0/1122334455667/messages"


@pytest.fixture
def served() -> Iterator[tuple[GraphStandIn, httpx.Client]]:
    standin = GraphStandIn(token=TOKEN, timeout_sleep_s=0.3)
    running = serve_in_thread(standin)
    client = httpx.Client(base_url=running.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    try:
        yield standin, client
    finally:
        client.close()
        standin.close()
        running.stop()


def text(to: str = "+212600000001", body: str = "Salam") -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": body}}


def buttons(*titles: str, ids: tuple[str, ...] | None = None) -> dict[str, Any]:
    ids = ids or tuple(f"b{i}" for i in range(len(titles)))
    action = {
        "buttons": [
            {"type": "reply", "reply": {"id": i, "title": t}} for i, t in zip(ids, titles, strict=True)
        ]
    }
    return {
        **text(),
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": "?"}, "action": action},
    }


def test_accepted_send_answers_like_the_cloud_api(served: tuple[GraphStandIn, httpx.Client]) -> None:
    standin, client = served
    response = client.post(PATH, json=text())
    assert response.status_code == 200
    wamid = standin.sent()[0]["wamid"]
    assert response.json() == {
        "messaging_product": "whatsapp",
        "contacts": [{"input": "+212600000001", "wa_id": "212600000001"}],
        "messages": [{"id": wamid}],
    }
    assert wamid.startswith("wamid.")


def test_template_answer_carries_its_message_status(served: tuple[GraphStandIn, httpx.Client]) -> None:
    _, client = served
    template = {"messaging_product": "whatsapp", "to": "212600000001", "type": "template"}
    template["template"] = {"name": "cod_confirmation", "language": {"code": "fr"}}
    assert client.post(PATH, json=template).json()["messages"][0]["message_status"] == "accepted"


def test_records_each_send_and_hands_out_copies(served: tuple[GraphStandIn, httpx.Client]) -> None:
    standin, client = served
    wamids = [client.post(PATH, json=text(body=f"m{n}")).json()["messages"][0]["id"] for n in range(30)]
    sent = standin.sent()
    assert [r["wamid"] for r in sent] == wamids and len(set(wamids)) == 30
    assert sent[0]["body"] == text(body="m0")
    assert (sent[0]["phone_number_id"], sent[0]["api_version"]) == ("1122334455667", "22.0")
    sent[0]["body"]["text"]["body"] = "changed by the caller"
    assert standin.sent()[0]["body"] == text(body="m0")
    standin.reset()
    assert standin.sent() == []


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, 401),
        ({"Authorization": "Basic abc"}, 401),
        ({"Authorization": "Bearer"}, 401),
        ({"Authorization": "Bearer other"}, 401),
    ],
)
def test_bad_credentials_get_graph_error_190(
    served: tuple[GraphStandIn, httpx.Client], headers: dict[str, str], expected: int
) -> None:
    standin, client = served
    response = httpx.post(str(client.base_url).rstrip("/") + PATH, json=text(), headers=headers)
    assert (response.status_code, response.json()["error"]["code"]) == (expected, 190)
    assert standin.sent() == []


def test_without_a_configured_token_any_bearer_token_is_accepted() -> None:
    standin = GraphStandIn()
    running = serve_in_thread(standin)
    try:
        response = httpx.post(running.url + PATH, json=text(), headers={"Authorization": "Bearer whatever"})
        assert response.status_code == 200
    finally:
        running.stop()


LIST_ROWS = [{"id": f"r{i}", "title": "Row"} for i in range(11)]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({k: v for k, v in text().items() if k != "to"}, "The parameter to is required."),
        ({**text(), "to": "   "}, "The parameter to is required."),
        ({**text(), "to": "call me"}, "to: not a phone number: 'call me'"),
        ({**text(), "messaging_product": "sms"}, "messaging_product must be 'whatsapp'"),
        ({**text(), "type": "carrier_pigeon"}, "Param type must be one of"),
        ({**text(), "text": "flat"}, "the parameter text is required for type text"),
        ({**text(), "text": {"body": "x" * 4097}}, "text.body: at most 4096 characters, got 4097"),
        (buttons("A", "B", "C", "D"), "interactive.action.buttons: at most 3 buttons, got 4"),
        (buttons("x" * 21), "interactive.action.buttons[0].reply.title: at most 20 characters, got 21"),
        (buttons(""), "interactive.action.buttons[0].reply.title is required and must not be empty"),
        (
            buttons("A", "B", ids=("same", "same")),
            "interactive.action.buttons: button ids and titles must be unique",
        ),
        (buttons("Same", "Same"), "interactive.action.buttons: button ids and titles must be unique"),
        (
            {**buttons("A"), "interactive": {"type": "button", "action": {"buttons": []}}},
            "interactive.body.text is required",
        ),
        (
            {**buttons("A"), "interactive": {"type": "carousel", "body": {"text": "?"}}},
            "interactive.type: unsupported 'carousel'",
        ),
        (
            {
                **text(),
                "type": "interactive",
                "interactive": {
                    "type": "list",
                    "body": {"text": "?"},
                    "action": {"button": "Go", "sections": [{"rows": LIST_ROWS}]},
                },
            },
            "interactive.action.sections: at most 10 rows in all, got 11",
        ),
        (
            {
                **text(),
                "type": "interactive",
                "interactive": {
                    "type": "list",
                    "body": {"text": "?"},
                    "action": {
                        "button": "Go",
                        "sections": [{"rows": LIST_ROWS[:1]}, {"rows": LIST_ROWS[1:2]}],
                    },
                },
            },
            "interactive.action.sections[0].title is required",
        ),
        (
            {
                **text(),
                "type": "interactive",
                "interactive": {
                    "type": "location_request_message",
                    "body": {"text": "?"},
                    "action": {"name": "share"},
                },
            },
            "interactive.action.name must be 'send_location'",
        ),
        (
            {**text(), "type": "template", "template": {"language": {"code": "ar"}}},
            "template.name is required",
        ),
        (
            {**text(), "type": "template", "template": {"name": "t", "language": {}}},
            "template.language.code is required",
        ),
        (
            {
                **text(),
                "type": "template",
                "template": {"name": "t", "language": {"code": "ar"}, "components": [{"type": "footer"}]},
            },
            "template.components[0].type: one of body, button, header",
        ),
        ([1, 2], "the request body must be a JSON object"),
        (
            {**text(), "biz_opaque_callback_data": "k" * 513},
            "biz_opaque_callback_data: a string of at most 512",
        ),
    ],
)
def test_invalid_sends_get_graph_error_100(
    served: tuple[GraphStandIn, httpx.Client], body: Any, detail: str
) -> None:
    standin, client = served
    response = client.post(PATH, json=body)
    error = response.json()["error"]
    assert (response.status_code, error["code"], error["message"], error["type"]) == (
        400,
        100,
        "(#100) Invalid parameter",
        "OAuthException",
    )
    assert error["error_data"]["details"].startswith(detail)
    assert error["error_data"]["messaging_product"] == "whatsapp"
    assert standin.sent() == []


def test_body_that_is_not_json(served: tuple[GraphStandIn, httpx.Client]) -> None:
    _, client = served
    response = client.post(PATH, content=b"{oops", headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["error"]["code"]) == (400, 100)


def test_other_paths_methods_and_sizes(served: tuple[GraphStandIn, httpx.Client]) -> None:
    _, client = served
    assert client.get(PATH).status_code == 405
    assert client.post("/v22.0/1/media", json={}).status_code == 404
    assert client.post(PATH, content=b"x" * 1_000_001).status_code == 413


@pytest.mark.parametrize(
    ("kind", "status", "content_type", "code"),
    [
        ("500", 500, "application/json", 1),
        ("429", 429, "text/plain; charset=utf-8", None),
        ("131026", 400, "application/json", 131026),
        ("131047", 400, "application/json", 131047),
        ("130429", 400, "application/json", 130429),
        ("131049", 400, "application/json", 131049),
        ("131050", 400, "application/json", 131050),
    ],
)
def test_injected_failures(
    served: tuple[GraphStandIn, httpx.Client], kind: str, status: int, content_type: str, code: int | None
) -> None:
    # Given two failures of one kind queued
    standin, client = served
    standin.fail_next(2, kind)
    # When three sends are made, then two fail that way and the third is accepted
    answers = [client.post(PATH, json=text()) for _ in range(3)]
    for failed in answers[:2]:
        assert (failed.status_code, failed.headers["content-type"]) == (status, content_type)
        assert (failed.json()["error"]["code"] if code else failed.text) == (code or "Too Many Requests")
    assert answers[2].status_code == 200
    assert len(standin.sent()) == 1


def test_timeout_failure_answers_late_and_records_nothing(served: tuple[GraphStandIn, httpx.Client]) -> None:
    standin, client = served
    standin.fail_next(1, "timeout")
    started = time.monotonic()
    response = client.post(PATH, json=text())
    assert time.monotonic() - started >= 0.3
    assert (response.status_code, response.json()["error"]["code"]) == (504, 2)
    assert standin.sent() == []


def test_close_wakes_a_request_sleeping_through_a_timeout() -> None:
    standin = GraphStandIn(timeout_sleep_s=30)
    running = serve_in_thread(standin)
    try:
        standin.fail_next(1, "timeout")
        with httpx.Client(timeout=10) as client:
            started = time.monotonic()
            request = client.build_request(
                "POST", running.url + PATH, json=text(), headers={"Authorization": "Bearer t"}
            )
            threading.Timer(0.2, standin.close).start()
            response = client.send(request)
        assert response.status_code == 504 and time.monotonic() - started < 5
    finally:
        running.stop()


@pytest.mark.parametrize(("count", "kind"), [(1, "404"), (1, ""), (-1, "500"), (True, "500"), (1.5, "500")])
def test_fail_next_refuses_nonsense(count: Any, kind: str) -> None:
    with pytest.raises(ValueError):
        GraphStandIn().fail_next(count, kind)


def test_owns_its_paths_only() -> None:
    standin = GraphStandIn()
    assert [
        standin.owns(p)
        for p in (PATH, "/v21/9/messages", "/_control/graph/sent", "/2010-04-01/Accounts", "/v22.0/1/media")
    ] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_timeout_sleep_is_bounded() -> None:
    assert GraphStandIn(timeout_sleep_s=3600).timeout_sleep_s == 30.0


def test_error_answers_are_valid_json_with_a_trace_id(served: tuple[GraphStandIn, httpx.Client]) -> None:
    _, client = served
    error = json.loads(client.post(PATH, json={}).content)["error"]
    assert set(error) == {"message", "type", "code", "error_data", "fbtrace_id"}
