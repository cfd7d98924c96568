"""A local stand-in for Meta's Graph API: the WhatsApp Cloud API's send endpoint, and webhooks back.

`GraphStandIn` is a WSGI application. It answers `POST /v<version>/<phone_number_id>/messages` the way
the Cloud API does (validation, Graph errors, a wamid per accepted message), records what it accepted,
fails on demand, and plays the buyer's side towards Wasl: replies and delivery statuses, posted as
signed webhooks. It needs nothing but the standard library and httpx, so it runs inside tests, beside
other stand-ins, or as a process of its own: `python -m wasl.fakeproviders.graph --port 8025`.

Control endpoints drive it from another process:
    POST /_control/graph/fail      {"count": 2, "kind": "131047"}
    GET  /_control/graph/sent      the accepted sends, oldest first
    POST /_control/graph/reset     forget sends and pending failures
    POST /_control/graph/reply     the keyword arguments of `reply()`
    POST /_control/graph/statuses  the keyword arguments of `statuses()`
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import queue
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from wasl.fakeproviders import graph_webhooks as hooks
from wasl.fakeproviders.graph_control import control_answer
from wasl.fakeproviders.graph_errors import FAILURE_KINDS, GraphAnswer, graph_error, injected_failure
from wasl.fakeproviders.graph_validation import send_problem

logger = logging.getLogger(__name__)

SEND_PATH = re.compile(r"/v(?P<version>\d+(?:\.\d+)?)/(?P<phone_number_id>[^/]+)/messages/?")
CONTROL_PREFIX = "/_control/graph/"
MAX_BODY_BYTES = 1_000_000
MAX_SLEEP_S = 30.0

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed"}
_REASONS |= {413: "Payload Too Large", 429: "Too Many Requests", 500: "Internal Server Error"}
_REASONS |= {502: "Bad Gateway", 504: "Gateway Timeout"}


class GraphStandIn:
    """The Cloud API's send endpoint on a local port. Thread-safe."""

    def __init__(
        self,
        *,
        token: str | None = None,
        timeout_sleep_s: float = 12.0,
        display_phone_number: str = "15550001234",
        waba_id: str = "102290129340398",
        auto_status: bool = False,
        webhook_url: str = "",
        app_secret: str = "",
        status_delay_s: float = 0.05,
    ) -> None:
        """`token`: the only bearer token accepted (None: any). `timeout_sleep_s`: how late a "timeout"
        failure answers (at most 30 s); keep it above the client's timeout. `auto_status`: follow every
        accepted send with "sent" then "delivered" statuses posted to `webhook_url`."""
        if auto_status and not (webhook_url and app_secret):
            raise ValueError("auto_status needs webhook_url and app_secret")
        self.token = token
        self.timeout_sleep_s = min(max(timeout_sleep_s, 0.0), MAX_SLEEP_S)
        self.display_phone_number, self.waba_id = display_phone_number, waba_id
        self.auto_status, self.webhook_url, self.app_secret = auto_status, webhook_url, app_secret
        self.status_delay_s = status_delay_s
        self._lock = threading.Lock()
        self._sent: list[dict[str, Any]] = []
        self._failures: deque[str] = deque()
        self._closing = threading.Event()
        self._status_queue: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._status_worker: threading.Thread | None = None

    # --- driving it from Python --------------------------------------------------------------------

    def fail_next(self, count: int, kind: str) -> None:
        """Make the next `count` send requests fail as `kind`: "500", "429", "timeout", "131026", "131047",
        "130429", "131049" or "131050"."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; one of {', '.join(FAILURE_KINDS)}")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"count must be a non-negative integer, got {count!r}")
        with self._lock:
            self._failures.extend([kind] * count)

    def sent(self) -> list[dict[str, Any]]:
        """Copies of the accepted sends, oldest first: wamid, phone_number_id, api_version, body, received_at."""
        with self._lock:
            return copy.deepcopy(self._sent)

    def pending_failures(self) -> list[str]:
        with self._lock:
            return list(self._failures)

    def reset(self) -> None:
        with self._lock:
            self._sent.clear()
            self._failures.clear()

    def close(self) -> None:
        """Wake any request sleeping through a "timeout" and stop posting automatic statuses."""
        self._closing.set()
        self._status_queue.put(None)

    def owns(self, path: str) -> bool:
        """Whether `path` is one of the stand-in's, for servers that mount several stand-ins."""
        return path.startswith(CONTROL_PREFIX) or SEND_PATH.fullmatch(path) is not None

    # --- the buyer's side --------------------------------------------------------------------------

    def reply(
        self,
        *,
        webhook_url: str,
        app_secret: str,
        phone_number_id: str,
        from_phone: str,
        text: str | None = None,
        button_id: str | None = None,
        button_title: str | None = None,
        location: hooks.LocationInput | None = None,
        context_id: str | None = None,
    ) -> httpx.Response:
        """Post, signed, what the buyer at `from_phone` sends: a text, a tap on a button or list row (the
        title is looked up in the message `context_id` answers when not given), or a location."""
        given = [value for value in (text, button_id, location) if value is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, button_id or location")
        answered = self._find_sent(context_id) if context_id else None
        if text is not None:
            content = hooks.text_content(text)
        elif button_id is not None:
            title = button_title or _choice_title(answered, button_id) or button_id
            content = hooks.button_content(
                button_id=button_id, title=title, answered_type=_answered_type(answered)
            )
        else:
            assert location is not None
            content = hooks.location_content(location)
        wa_id = hooks.digits(from_phone)
        context = {"from": self.display_phone_number, "id": context_id} if context_id else None
        message = hooks.buyer_message(wa_id=wa_id, content=content, context=context)
        value = {"contacts": hooks.contacts(wa_id), "messages": [message]}
        return hooks.post_signed(webhook_url, self._envelope(phone_number_id, value), app_secret)

    def statuses(
        self,
        *,
        webhook_url: str,
        app_secret: str,
        wamid: str,
        recipient: str,
        sequence: Sequence[str] = ("sent", "delivered", "read"),
        error_code: int | None = None,
    ) -> list[httpx.Response]:
        """Post one signed status webhook per step of `sequence` for our message `wamid`; a "failed"
        step carries `error_code` (131000 when not given)."""
        answered = self._find_sent(wamid)
        phone_number_id = answered["phone_number_id"] if answered else "0"
        category = "utility" if answered and answered["body"].get("type") == "template" else "service"
        wa_id = hooks.digits(recipient)
        callback_data = answered["body"].get("biz_opaque_callback_data") if answered else None
        items = hooks.status_items(
            wamid=wamid,
            wa_id=wa_id,
            sequence=sequence,
            error_code=error_code,
            category=category,
            callback_data=callback_data if isinstance(callback_data, str) else "",
        )
        responses = []
        for item in items:
            value = {"contacts": hooks.contacts(wa_id), "statuses": [item]}
            responses.append(
                hooks.post_signed(webhook_url, self._envelope(phone_number_id, value), app_secret)
            )
        return responses

    # --- WSGI --------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        try:
            if path.startswith(CONTROL_PREFIX):
                answer = control_answer(self, method, path[len(CONTROL_PREFIX) :], _read_body(environ))
            elif match := SEND_PATH.fullmatch(path):
                answer = self._send_answer(environ, method, match)
            else:
                answer = graph_error(100, status=404, details=f"Unknown path: {path}")
        except _BodyTooLarge:
            answer = graph_error(100, status=413, details=f"request body over {MAX_BODY_BYTES} bytes")
        status = f"{answer.status} {_REASONS.get(answer.status, 'Error')}"
        start_response(
            status, [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body)))]
        )
        return [answer.body]

    def _send_answer(self, environ: dict[str, Any], method: str, match: re.Match[str]) -> GraphAnswer:
        if method != "POST":
            return graph_error(100, status=405, details=f"Unsupported {method} request on the messages edge")
        if not self._authorized(environ.get("HTTP_AUTHORIZATION", "")):
            return graph_error(190, status=401)
        failure = self._next_failure()
        if failure == "timeout":
            self._closing.wait(self.timeout_sleep_s)
            return graph_error(2, status=504, transient=True, details="answered after the client's timeout")
        if failure:
            return injected_failure(failure)
        raw = _read_body(environ)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return graph_error(100, details=f"the request body is not JSON: {exc}")
        problem = send_problem(body)
        if problem:
            return graph_error(100, details=problem)
        return self._accept(match["version"], match["phone_number_id"], body)

    def _accept(self, version: str, phone_number_id: str, body: dict[str, Any]) -> GraphAnswer:
        wamid = hooks.new_wamid()
        to = body["to"].strip()
        record = {
            "wamid": wamid,
            "phone_number_id": phone_number_id,
            "api_version": version,
            "body": body,
            "received_at": datetime.now(UTC).isoformat(),
        }
        with self._lock:
            self._sent.append(record)
        if self.auto_status:
            self._queue_statuses(wamid, to)
        message: dict[str, str] = {"id": wamid}
        if body.get("type") == "template":
            message["message_status"] = "accepted"
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": hooks.digits(to)}],
            "messages": [message],
        }
        return GraphAnswer(status=200, body=json.dumps(answer).encode())

    def _authorized(self, header: str) -> bool:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        return self.token is None or token.strip() == self.token

    def _next_failure(self) -> str:
        with self._lock:
            return self._failures.popleft() if self._failures else ""

    def _find_sent(self, wamid: str | None) -> dict[str, Any] | None:
        with self._lock:
            return next((copy.deepcopy(r) for r in reversed(self._sent) if r["wamid"] == wamid), None)

    def _envelope(self, phone_number_id: str, value: dict[str, Any]) -> dict[str, Any]:
        return hooks.envelope(
            waba_id=self.waba_id,
            phone_number_id=phone_number_id,
            display_phone_number=self.display_phone_number,
            value=value,
        )

    # --- automatic statuses ------------------------------------------------------------------------

    def _queue_statuses(self, wamid: str, recipient: str) -> None:
        with self._lock:
            if self._status_worker is None:
                self._status_worker = threading.Thread(target=self._post_statuses, daemon=True)
                self._status_worker.start()
        self._status_queue.put((wamid, recipient))

    def _post_statuses(self) -> None:
        while (item := self._status_queue.get()) is not None:
            # After the send's answer has left, as Meta's statuses do.
            if self._closing.wait(self.status_delay_s):
                return
            wamid, recipient = item
            try:
                self.statuses(
                    webhook_url=self.webhook_url,
                    app_secret=self.app_secret,
                    wamid=wamid,
                    recipient=recipient,
                    sequence=("sent", "delivered"),
                )
            except httpx.HTTPError as exc:
                logger.warning("graph stand-in: statuses for %s not posted: %s", wamid, exc)


class _BodyTooLarge(Exception):
    pass


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise _BodyTooLarge
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _answered_type(answered: dict[str, Any] | None) -> str:
    if not answered:
        return "button"
    body = answered["body"]
    if body.get("type") == "template":
        return "template"
    interactive = body.get("interactive")
    return "list" if isinstance(interactive, dict) and interactive.get("type") == "list" else "button"


def _choice_title(answered: dict[str, Any] | None, choice_id: str) -> str:
    """The title of the button or list row `choice_id` in the message the buyer answers."""
    action = (answered or {}).get("body", {}).get("interactive", {}).get("action", {})
    choices = [b.get("reply", {}) for b in action.get("buttons", [])]
    choices += [row for section in action.get("sections", []) for row in section.get("rows", [])]
    return next((str(c.get("title", "")) for c in choices if c.get("id") == choice_id), "")


def main(argv: list[str] | None = None) -> None:
    from wasl.fakeproviders.graph_server import make_server

    parser = argparse.ArgumentParser(description="Serve the Graph API stand-in.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--token", default=None, help="the only bearer token accepted (default: any)")
    parser.add_argument("--webhook-url", default="", help="where automatic statuses are posted")
    parser.add_argument("--app-secret", default="", help="signs the webhooks")
    parser.add_argument("--auto-status", action="store_true", help="follow every send with sent/delivered")
    args = parser.parse_args(argv)
    stand_in = GraphStandIn(
        token=args.token,
        auto_status=args.auto_status,
        webhook_url=args.webhook_url,
        app_secret=args.app_secret,
    )
    server = make_server(stand_in, host=args.host, port=args.port)
    print(f"Graph API stand-in on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stand_in.close()
        server.server_close()


if __name__ == "__main__":
    main()
