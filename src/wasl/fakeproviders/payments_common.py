"""What the Stripe and Razorpay stand-ins share: recording, scripted failures, and webhooks posted back.

A stand-in keeps, per account (Stripe: the secret key; Razorpay: the key id), where its webhooks go and the
secret they are signed with (`POST /_control/<name>/webhook`). Events the provider would send are queued
and posted by `deliver()` (`POST /_control/<name>/deliver`), or at once, from a thread, when the account's
webhook was set with `"auto": true`. Paying a link (`POST /_control/<name>/pay`) posts its events at once.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

import httpx

FAILURE_KINDS = ("500", "429", "timeout", "timeout_after")
"""`timeout_after`: the request is carried out, then the answer is held until the client gives up."""
MAX_REQUEST_BYTES = 1_000_000
_REASONS = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 402: "Payment Required"}
_REASONS |= {404: "Not Found", 409: "Conflict", 429: "Too Many Requests", 500: "Internal Server Error"}


@dataclass
class Answer:
    status: int
    body: Any = field(default_factory=dict)
    headers: list[tuple[str, str]] = field(default_factory=list)
    html: bool = False


@dataclass(frozen=True)
class RecordedCall:
    method: str
    path: str
    account: str
    params: dict[str, Any]
    idempotency_key: str
    status: int
    outcome: str  # "ok", a failure kind, "replayed", or the error code given back


@dataclass(frozen=True)
class Delivery:
    event_id: str
    event_type: str
    http_status: int  # 0: Wasl could not be reached


@dataclass
class WebhookTarget:
    url: str
    secret: str
    auto: bool = False


@dataclass
class PendingEvent:
    account: str
    event_id: str
    event_type: str
    body: bytes


def new_id(prefix: str, length: int = 14) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def read_body(environ: WSGIEnvironment) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(min(length, MAX_REQUEST_BYTES)) if length > 0 else b""


def respond(start_response: StartResponse, answer: Answer) -> Iterable[bytes]:
    if answer.html:
        payload, content_type = str(answer.body).encode(), "text/html; charset=utf-8"
    else:
        payload, content_type = json.dumps(answer.body).encode(), "application/json"
    headers = [("Content-Type", content_type), ("Content-Length", str(len(payload))), *answer.headers]
    start_response(f"{answer.status} {_REASONS.get(answer.status, 'Status')}", headers)
    return [payload]


class PaymentStandInBase:
    """Thread-safe state and the scripting every payment stand-in offers."""

    name = ""

    def __init__(self, *, hang_s: float = 30.0) -> None:
        self.hang_s = hang_s
        self.calls: list[RecordedCall] = []
        self.webhooks: dict[str, WebhookTarget] = {}
        self.outbox: list[PendingEvent] = []
        self.delivered: list[Delivery] = []
        self._failures: list[str] = []
        self._lock = threading.RLock()
        self._release = threading.Event()
        self._closed = False
        self._http: httpx.Client | None = None

    # --- scripting ---

    def fail_next(self, count: int, kind: str) -> None:
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; one of {', '.join(FAILURE_KINDS)}")
        if not 1 <= count <= 1000:
            raise ValueError("count must be between 1 and 1000")
        with self._lock:
            self._failures.extend([kind] * count)

    def pending_failures(self) -> list[str]:
        with self._lock:
            return list(self._failures)

    def take_failure(self) -> str:
        with self._lock:
            return self._failures.pop(0) if self._failures else ""

    def hold(self) -> None:
        """A "timeout": the answer waits until the client has given up (or the stand-in is reset or closed)."""
        with self._lock:
            release = self._release
        release.wait(self.hang_s)

    def set_webhook(self, account: str, url: str, secret: str, auto: bool = False) -> None:
        with self._lock:
            self.webhooks[account] = WebhookTarget(url, secret, auto)

    def record(self, call: RecordedCall) -> None:
        with self._lock:
            self.calls.append(call)

    def calls_to(self, method: str, path_suffix: str) -> list[RecordedCall]:
        with self._lock:
            return [c for c in self.calls if c.method == method and c.path.endswith(path_suffix)]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.outbox.clear()
            self.delivered.clear()
            self._failures.clear()
            self._release.set()
            if not self._closed:
                self._release = threading.Event()
            self._reset_state()

    def _reset_state(self) -> None:
        """Subclasses forget their objects here."""

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._release.set()
            http, self._http = self._http, None
        if http is not None:
            http.close()

    # --- webhooks ---

    def sign(self, body: bytes, secret: str) -> dict[str, str]:
        raise NotImplementedError

    def queue_event(self, account: str, event_id: str, event_type: str, body: bytes) -> None:
        with self._lock:
            target = self.webhooks.get(account)
            self.outbox.append(PendingEvent(account, event_id, event_type, body))
        if target is not None and target.auto:
            threading.Thread(target=self._deliver_later, daemon=True).start()

    def _deliver_later(self) -> None:
        time.sleep(0.05)  # after the API answer that caused it, as a provider would
        self.deliver()

    def deliver(self) -> list[Delivery]:
        """Post every queued event to its account's webhook URL, in order. Events of accounts without one wait."""
        with self._lock:
            ready = [event for event in self.outbox if event.account in self.webhooks]
            self.outbox = [event for event in self.outbox if event.account not in self.webhooks]
        return [self._post(event) for event in ready]

    def _client(self) -> httpx.Client:
        with self._lock:
            if self._http is None:
                self._http = httpx.Client(timeout=10.0)
            return self._http

    def _post(self, event: PendingEvent) -> Delivery:
        with self._lock:
            target = self.webhooks[event.account]
        headers = {"Content-Type": "application/json", **self.sign(event.body, target.secret)}
        headers |= self.extra_headers(event)
        try:
            status = self._client().post(target.url, content=event.body, headers=headers).status_code
        except httpx.HTTPError:
            status = 0
        delivery = Delivery(event.event_id, event.event_type, status)
        with self._lock:
            self.delivered.append(delivery)
        return delivery

    def extra_headers(self, event: PendingEvent) -> dict[str, str]:
        return {}

    # --- control endpoints shared by both ---

    def control_common(self, method: str, action: str, data: dict[str, Any]) -> Answer | None:
        if (method, action) == ("GET", "calls"):
            with self._lock:
                return Answer(200, {"calls": [asdict(call) for call in self.calls]})
        if (method, action) == ("POST", "reset"):
            self.reset()
            return Answer(200, {"reset": True})
        if (method, action) == ("POST", "fail"):
            self.fail_next(int(data.get("count", 1)), str(data["kind"]))
            return Answer(200, {"pending_failures": self.pending_failures()})
        if (method, action) == ("POST", "webhook"):
            self.set_webhook(
                str(data["account"]), str(data["url"]), str(data["secret"]), bool(data.get("auto", False))
            )
            return Answer(200, {"account": str(data["account"]), "url": str(data["url"])})
        if (method, action) == ("POST", "deliver"):
            return Answer(200, {"deliveries": [asdict(d) for d in self.deliver()]})
        return None

    def control(self, method: str, action: str, raw: bytes) -> Answer:
        try:
            data = json.loads(raw or b"{}") if method == "POST" else {}
            if not isinstance(data, dict):
                raise ValueError("the body must be a JSON object")
            answer = self.control_common(method, action, data) or self.control_own(method, action, data)
        except LookupError as error:
            detail = error.args[0] if error.args else error
            return Answer(400, {"code": "bad_control_request", "message": f"missing or unknown: {detail}"})
        except (ValueError, TypeError) as error:
            return Answer(400, {"code": "bad_control_request", "message": str(error)})
        if answer is None:
            return Answer(404, {"code": "not_found", "message": f"no control endpoint {method} {action!r}"})
        return answer

    def control_own(self, method: str, action: str, data: dict[str, Any]) -> Answer | None:
        return None
