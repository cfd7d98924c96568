"""A stand-in for Twilio's Messages API, for development and tests: a plain WSGI app, no Django.

It answers `POST /2010-04-01/Accounts/<sid>/Messages.json` as Twilio does (basic auth, form fields, Twilio's
message and error JSON), records what it was asked, fails on request (`fail_next`), and plays back what Twilio
would post to Wasl: a buyer's reply and delivery status callbacks, signed with `X-Twilio-Signature`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import format_datetime
from hashlib import sha1
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.types import StartResponse, WSGIEnvironment

import httpx

API_VERSION = "2010-04-01"
FAILURE_KINDS = ("500", "429", "timeout", "21211", "21610")
MAX_BODY = 1600
MAX_REQUEST_BYTES = 1_000_000
DEFAULT_ACCOUNT_SID = "AC" + "0" * 32
_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages\.json$")
_MESSAGE = re.compile(r"^/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages/(?P<msid>[^/]+)\.json$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# GSM 03.38: a message in these characters packs 160 to a segment; anything else is UCS-2 (70).
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")


class UnknownMessage(LookupError):
    pass


@dataclass
class SentSms:
    sid: str
    account_sid: str
    to: str
    from_: str
    body: str
    num_segments: int
    status: str = "queued"
    status_callback: str = ""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    account_sid: str
    form: dict[str, str]
    outcome: str  # "queued", a failure kind, or the Twilio error code given back


@dataclass(frozen=True)
class Delivery:
    """One webhook the stand-in posted to Wasl and how Wasl answered (http_status 0: not reachable)."""

    sid: str
    status: str
    http_status: int


@dataclass
class _Answer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: list[tuple[str, str]] = field(default_factory=list)


def twilio_signature(url: str, params: Mapping[str, str], auth_token: str) -> str:
    """Kept apart from Wasl's own validation so that a mistake in one is not mirrored in the other."""
    signed = url + "".join(name + params[name] for name in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), signed.encode(), sha1).digest()).decode()


def segments(body: str) -> int:
    if all(char in _GSM_BASIC or char in _GSM_EXTENDED for char in body):
        units, single, multi = len(body) + sum(char in _GSM_EXTENDED for char in body), 160, 153
    else:
        units, single, multi = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else -(-units // multi)


def _error(status: int, code: int, message: str) -> _Answer:
    """Twilio's error JSON."""
    more_info = f"https://www.twilio.com/docs/errors/{code}"
    return _Answer(status, {"code": code, "message": message, "more_info": more_info, "status": status})


class SmsStandIn:
    """`accounts` maps account sid to auth token; without it any sid with a non-empty token is let in."""

    def __init__(
        self,
        *,
        accounts: Mapping[str, str] | None = None,
        price_per_segment: str | None = None,
        hang_s: float = 30.0,
    ) -> None:
        self.accounts = dict(accounts) if accounts is not None else None
        self.price_per_segment = Decimal(price_per_segment) if price_per_segment else None
        self.hang_s = hang_s
        self.sent: list[SentSms] = []
        self.requests: list[RecordedRequest] = []
        self._failures: list[str] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._closed = False
        self._http: httpx.Client | None = None

    @property
    def default_account_sid(self) -> str:
        return next(iter(self.accounts), DEFAULT_ACCOUNT_SID) if self.accounts else DEFAULT_ACCOUNT_SID

    # Scripting, from Python or through the control endpoints.

    def fail_next(self, count: int, kind: str) -> None:
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; one of {', '.join(FAILURE_KINDS)}")
        if not 1 <= count <= 1000:
            raise ValueError("count must be between 1 and 1000")
        with self._lock:
            self._failures.extend([kind] * count)

    def _webhook_client(self) -> httpx.Client:
        """Made once: building an httpx client loads a CA bundle, which is slower than the post itself."""
        with self._lock:
            if self._http is None:
                self._http = httpx.Client(timeout=10.0)
            return self._http

    def pending_failures(self) -> list[str]:
        with self._lock:
            return list(self._failures)

    def reset(self) -> None:
        """Forget everything and let go of any request held by a "timeout" failure."""
        with self._lock:
            self.sent.clear()
            self.requests.clear()
            self._failures.clear()
            self._release.set()
            if not self._closed:
                self._release = threading.Event()

    def close(self) -> None:
        """Let go of every request held by a "timeout" failure, now and from now on (before stopping)."""
        with self._lock:
            self._closed = True
            self._release.set()
            http, self._http = self._http, None
        if http is not None:
            http.close()

    def find(self, sid: str) -> SentSms:
        with self._lock:
            for sms in self.sent:
                if sms.sid == sid:
                    return sms
        raise UnknownMessage(f"no message {sid!r} was sent through the stand-in")

    # Playback: what Twilio posts to Wasl.

    def reply(
        self, *, webhook_url: str, auth_token: str, from_phone: str, to_phone: str, body: str
    ) -> Delivery:
        """The buyer's SMS to one of our numbers, as Twilio posts it to the number's webhook."""
        sid = _new_sid()
        form = {
            "ToCountry": "",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "SmsSid": sid,
            "SmsStatus": "received",
            "Body": body,
            "To": to_phone,
            "NumSegments": str(segments(body)),
            "MessageSid": sid,
            "AccountSid": self.default_account_sid,
            "From": from_phone,
            "ApiVersion": API_VERSION,
        }
        return Delivery(sid, "received", _post_signed(self._webhook_client(), webhook_url, form, auth_token))

    def statuses(
        self,
        *,
        webhook_url: str,
        auth_token: str,
        sid: str,
        sequence: Sequence[str] = ("sent", "delivered"),
        error_code: str = "30003",
    ) -> list[Delivery]:
        """Status callbacks for a message we were sent, one per status, in order; failures carry `error_code`."""
        sms = self.find(sid)
        deliveries = []
        for status in sequence:
            form = {
                "SmsSid": sid,
                "SmsStatus": status,
                "MessageStatus": status,
                "To": sms.to,
                "From": sms.from_,
                "MessageSid": sid,
                "AccountSid": sms.account_sid,
                "ApiVersion": API_VERSION,
            }
            if status in ("failed", "undelivered"):
                form["ErrorCode"] = error_code
            with self._lock:
                sms.status = status
            deliveries.append(
                Delivery(sid, status, _post_signed(self._webhook_client(), webhook_url, form, auth_token))
            )
        return deliveries

    # WSGI.

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "")
        if path.startswith("/_control/sms/"):
            answer = self._control(method, path.removeprefix("/_control/sms/"), _read_body(environ))
        else:
            answer = self._api(environ, method, path)
        payload = json.dumps(answer.body).encode()
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(payload))),
            *answer.headers,
        ]
        start_response(f"{answer.status} {_REASONS.get(answer.status, 'Status')}", headers)
        return [payload]

    def _api(self, environ: WSGIEnvironment, method: str, path: str) -> _Answer:
        create, fetch = _MESSAGES.match(path), _MESSAGE.match(path)
        match = create or fetch
        if match is None or (create and method != "POST") or (fetch and method != "GET"):
            return _error(404, 20404, f"The requested resource {path} was not found")
        account_sid = match["sid"]
        if not self._authorized(account_sid, environ.get("HTTP_AUTHORIZATION", "")):
            answer = _error(401, 20003, "Authenticate")
            answer.headers.append(("WWW-Authenticate", 'Basic realm="Twilio API"'))
            return answer
        if fetch:
            return self._fetch(account_sid, fetch["msid"])
        form = dict(parse_qsl(_read_body(environ).decode("utf-8", "replace"), keep_blank_values=True))
        answer = self._create(account_sid, form)
        outcome = answer.body.get("status") if answer.status == 201 else str(answer.body.get("code"))
        with self._lock:
            self.requests.append(RecordedRequest(method, path, account_sid, form, str(outcome)))
        return answer

    def _authorized(self, account_sid: str, header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, token = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        if user != account_sid or not token:
            return False
        if self.accounts is None:
            return True
        expected = self.accounts.get(account_sid)
        return expected is not None and hmac.compare_digest(expected.encode(), token.encode())

    def _create(self, account_sid: str, form: dict[str, str]) -> _Answer:
        to, from_, body = form.get("To", ""), form.get("From", ""), form.get("Body", "")
        failure, release = self._next_failure()
        if failure:
            return self._fail(failure, to, release)
        if not to:
            return _error(400, 21604, "A 'To' phone number is required.")
        if not from_:
            return _error(400, 21603, "A 'From' phone number is required.")
        if not body:
            return _error(400, 21602, "Message body is required.")
        if not _E164.match(to):
            return _error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
        if len(body) > MAX_BODY:
            return _error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        sms = SentSms(
            _new_sid(), account_sid, to, from_, body, segments(body), "queued", form.get("StatusCallback", "")
        )
        with self._lock:
            self.sent.append(sms)
        return _Answer(201, self._resource(sms))

    def _fetch(self, account_sid: str, sid: str) -> _Answer:
        try:
            sms = self.find(sid)
        except UnknownMessage:
            sms = None
        if sms is None or sms.account_sid != account_sid:
            return _error(404, 20404, f"The requested resource /Messages/{sid}.json was not found")
        return _Answer(200, self._resource(sms))

    def _next_failure(self) -> tuple[str, threading.Event]:
        """The failure to play, and the event that releases it if it holds (taken together: reset swaps it)."""
        with self._lock:
            return (self._failures.pop(0) if self._failures else ""), self._release

    def _fail(self, kind: str, to: str, release: threading.Event) -> _Answer:
        if kind == "timeout":
            # Held until the client has given up (or the stand-in is reset or closed), then answered like an outage.
            release.wait(self.hang_s)
            return _error(500, 20500, "An internal server error has occurred")
        if kind == "429":
            return _error(429, 20429, "Too Many Requests")
        if kind == "21211":
            return _error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
        if kind == "21610":
            return _error(400, 21610, "Attempt to send to unsubscribed recipient")
        return _error(500, 20500, "An internal server error has occurred")

    def _resource(self, sms: SentSms) -> dict[str, Any]:
        """The Message resource as Twilio gives it back; the price is null until Twilio knows it."""
        now = format_datetime(datetime.now(UTC))
        uri = f"/{API_VERSION}/Accounts/{sms.account_sid}/Messages/{sms.sid}"
        price = None if self.price_per_segment is None else str(-self.price_per_segment * sms.num_segments)
        return {
            "account_sid": sms.account_sid,
            "api_version": API_VERSION,
            "body": sms.body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": sms.from_,
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": str(sms.num_segments),
            "price": price,
            "price_unit": "USD",
            "sid": sms.sid,
            "status": sms.status,
            "subresource_uris": {"media": f"{uri}/Media.json"},
            "to": sms.to,
            "uri": f"{uri}.json",
        }

    def _control(self, method: str, action: str, raw: bytes) -> _Answer:
        try:
            data = json.loads(raw or b"{}") if method == "POST" else {}
            if not isinstance(data, dict):
                raise ValueError("the body must be a JSON object")
            return self._control_action(method, action, data)
        except UnknownMessage as error:
            return _Answer(404, {"code": "unknown_message", "message": str(error)})
        except KeyError as error:
            return _Answer(400, {"code": "bad_control_request", "message": f"missing field {error.args[0]}"})
        except (ValueError, TypeError) as error:
            return _Answer(400, {"code": "bad_control_request", "message": str(error)})

    def _control_action(self, method: str, action: str, data: dict[str, Any]) -> _Answer:
        if (method, action) == ("GET", "sent"):
            with self._lock:
                return _Answer(200, {"sent": [_public(asdict(sms)) for sms in self.sent]})
        if (method, action) == ("GET", "requests"):
            with self._lock:
                return _Answer(200, {"requests": [asdict(request) for request in self.requests]})
        if (method, action) == ("POST", "reset"):
            self.reset()
            return _Answer(200, {"reset": True})
        if (method, action) == ("POST", "fail"):
            self.fail_next(int(data.get("count", 1)), str(data["kind"]))
            return _Answer(200, {"pending_failures": self.pending_failures()})
        if (method, action) == ("POST", "reply"):
            delivery = self.reply(**{name: str(data[name]) for name in _REPLY_FIELDS})
            return _Answer(200, {"deliveries": [asdict(delivery)]})
        if (method, action) == ("POST", "statuses"):
            sequence = tuple(str(status) for status in data.get("sequence", ("sent", "delivered")))
            deliveries = self.statuses(
                webhook_url=str(data["webhook_url"]),
                auth_token=str(data["auth_token"]),
                sid=str(data["sid"]),
                sequence=sequence,
                error_code=str(data.get("error_code", "30003")),
            )
            return _Answer(200, {"deliveries": [asdict(delivery) for delivery in deliveries]})
        return _Answer(404, {"code": "not_found", "message": f"no control endpoint {method} {action!r}"})


_REPLY_FIELDS = ("webhook_url", "auth_token", "from_phone", "to_phone", "body")
_REASONS = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}
_REASONS |= {429: "Too Many Requests", 500: "Internal Server Error"}


def _public(record: dict[str, Any]) -> dict[str, Any]:
    record["from"] = record.pop("from_")
    return record


def _new_sid() -> str:
    return "SM" + secrets.token_hex(16)


def _read_body(environ: WSGIEnvironment) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(min(length, MAX_REQUEST_BYTES)) if length > 0 else b""


def _post_signed(client: httpx.Client, url: str, form: dict[str, str], auth_token: str) -> int:
    headers = {
        "X-Twilio-Signature": twilio_signature(url, form, auth_token),
        "I-Twilio-Idempotency-Token": secrets.token_hex(16),
        "User-Agent": "TwilioProxy/1.1",
    }
    try:
        return client.post(url, data=form, headers=headers).status_code
    except httpx.HTTPError:
        return 0
