"""The stand-ins' shared server: each path reaches the stand-in a real provider host would serve it from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import httpx
import pytest

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import RunningServer, serve_in_thread
from wasl.fakeproviders.server import build_app
from wasl.fakeproviders.sms import SmsStandIn


class Tagged:
    """A stand-in stand-in: answers with its own name and the path it was given."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [f"{self.name} {environ['REQUEST_METHOD']} {environ['PATH_INFO']}".encode()]


@pytest.fixture
def tagged_server() -> Iterator[RunningServer]:
    running = serve_in_thread(build_app(Tagged("graph"), Tagged("sms")))
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("/v21.0/1122334455/messages", "graph"),
        ("/v1.2", "graph"),
        ("/_control/graph/sent", "graph"),
        ("/2010-04-01/Accounts/AC1/Messages.json", "sms"),
        ("/_control/sms/sent", "sms"),
    ],
)
def test_each_path_reaches_its_stand_in_untouched(
    tagged_server: RunningServer, path: str, owner: str
) -> None:
    response = httpx.post(tagged_server.url + path, timeout=5.0)

    assert (response.status_code, response.text) == (200, f"{owner} POST {path}")


@pytest.mark.parametrize(
    "path",
    ["/", "/v21/1122/messages", "/vX.0/x", "/2010-04-02/Accounts", "/_control/other/x", "/_control/health/x"],
)
def test_paths_no_stand_in_serves_are_a_json_404(tagged_server: RunningServer, path: str) -> None:
    response = httpx.get(tagged_server.url + path, timeout=5.0)

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": f"no stand-in serves {path}"}


def test_health_answers_ok(tagged_server: RunningServer) -> None:
    response = httpx.get(tagged_server.url + "/_control/health", timeout=5.0)

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_the_real_stand_ins_behind_one_server() -> None:
    # Given the Graph and SMS stand-ins behind one server
    graph, sms = GraphStandIn(), SmsStandIn()
    running = serve_in_thread(build_app(graph, sms))
    try:
        # When each is reached at its own paths
        sent = httpx.post(
            running.url + "/2010-04-01/Accounts/AC1/Messages.json",
            data={"To": "+966501234567", "From": "+15005550006", "Body": "hi"},
            auth=("AC1", "t"),
            timeout=5.0,
        )
        sms_control = httpx.get(running.url + "/_control/sms/sent", timeout=5.0)
        graph_answer = httpx.post(running.url + "/v21.0/1122334455/messages", json={}, timeout=5.0)
        graph_control = httpx.get(running.url + "/_control/graph/sent", timeout=5.0)
    finally:
        graph.close()
        sms.close()
        running.stop()

    # Then the SMS stand-in took the SMS, and the Graph stand-in (not the router) answered the Graph paths:
    # a send without a token is refused as Meta does
    assert sent.status_code == 201
    assert [item["sid"] for item in sms_control.json()["sent"]] == [sent.json()["sid"]]
    assert graph_answer.status_code == 401
    assert graph_answer.json()["error"]["code"] == 190
    assert graph_control.status_code == 200
