"""A stand-in for Razorpay's API, for development and tests: a plain WSGI app, no Django.

It speaks Razorpay's protocol for what Wasl uses: basic auth `key_id:key_secret`, JSON bodies, amounts in
the currency's smallest unit, and Razorpay's error JSON `{"error": {"code": "BAD_REQUEST_ERROR",
"description": ..., "field": ...}}`. Endpoints: payment links (create, fetch, list by `reference_id`, cancel),
payments (fetch, refund, list refunds). A link's `reference_id` is unique per account, as at Razorpay.

Paying a link (`POST /_control/razorpay/pay {"link": "plink_..."}`, or the button on `GET /pay/<link>`) makes
the order and the captured payment and posts `payment_link.paid` and `payment.captured`, signed with
`X-Razorpay-Signature` (hex HMAC-SHA256 of the body), to the account's webhook. A refund is `pending` and
queues `refund.processed`. Paths may carry a `/razorpay` prefix (how `wasl fake-providers` serves it).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import json
import re
import time
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.types import StartResponse, WSGIEnvironment

from wasl.fakeproviders.payments_common import (
    Answer,
    PaymentStandInBase,
    PendingEvent,
    RecordedCall,
    new_id,
    read_body,
    respond,
)

_ROUTES = [
    ("POST", re.compile(r"^/v1/payment_links/?$"), "link_create"),
    ("GET", re.compile(r"^/v1/payment_links/?$"), "link_list"),
    ("GET", re.compile(r"^/v1/payment_links/(?P<id>[^/]+)$"), "link_get"),
    ("POST", re.compile(r"^/v1/payment_links/(?P<id>[^/]+)/cancel$"), "link_cancel"),
    ("GET", re.compile(r"^/v1/payments/(?P<id>[^/]+)$"), "payment_get"),
    ("POST", re.compile(r"^/v1/payments/(?P<id>[^/]+)/refund$"), "refund_create"),
    ("GET", re.compile(r"^/v1/payments/(?P<id>[^/]+)/refunds$"), "refund_list"),
]
_PAY_PAGE = re.compile(r"^/pay/(?P<id>plink_[A-Za-z0-9]+)$")


class RazorpayError(Exception):
    def __init__(
        self, status: int, description: str, field: str = "", code: str = "BAD_REQUEST_ERROR"
    ) -> None:
        super().__init__(description)
        self.answer = Answer(status, _error_body(description, field, code))


def _error_body(description: str, field: str = "", code: str = "BAD_REQUEST_ERROR") -> dict[str, Any]:
    error: dict[str, Any] = {
        "code": code,
        "description": description,
        "source": "business" if code == "BAD_REQUEST_ERROR" else "internal",
        "step": "payment_initiation",
        "reason": "input_validation_failed" if code == "BAD_REQUEST_ERROR" else "server_error",
        "metadata": {},
    }
    if field:
        error["field"] = field
    return {"error": error}


def razorpay_signature(body: bytes, secret: str) -> str:
    """Written here again, apart from the library, so that a mistake in one is not mirrored in the other."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _int(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RazorpayError(400, f"The {field} must be an integer.", field)
    return value


def _route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    for verb, pattern, handler in _ROUTES:
        match = pattern.match(path)
        if match and verb == method:
            return handler, match.groupdict()
    return None


class RazorpayStandIn(PaymentStandInBase):
    """`accounts` maps key id to key secret; without it any key id with a non-empty secret is let in."""

    name = "razorpay"

    def __init__(self, *, accounts: Mapping[str, str] | None = None, hang_s: float = 30.0) -> None:
        super().__init__(hang_s=hang_s)
        self.accounts = dict(accounts) if accounts is not None else None
        self.page_base = "http://127.0.0.1"
        self._reset_state()

    def _reset_state(self) -> None:
        self.links: dict[str, dict[str, Any]] = {}
        self.payments: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self._owner: dict[str, str] = {}  # object id -> key id

    def sign(self, body: bytes, secret: str) -> dict[str, str]:
        return {"X-Razorpay-Signature": razorpay_signature(body, secret)}

    def extra_headers(self, event: PendingEvent) -> dict[str, str]:
        return {"X-Razorpay-Event-Id": event.event_id, "User-Agent": "Razorpay-Webhook/v1"}

    # --- WSGI ---

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "")
        if path.startswith("/_control/razorpay/"):
            action = path.removeprefix("/_control/razorpay/")
            return respond(start_response, self.control(method, action, read_body(environ)))
        prefix = "/razorpay" if path.startswith("/razorpay/") else ""
        path = path.removeprefix(prefix)
        host = (
            environ.get("HTTP_HOST")
            or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT')}"
        )
        self.page_base = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{prefix}"
        if page := _PAY_PAGE.match(path):
            return respond(start_response, self._page(method, page["id"]))
        return respond(start_response, self._api(environ, method, path))

    def _account(self, header: str) -> str:
        scheme, _, encoded = header.partition(" ")
        try:
            key_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            key_id, secret = "", ""
        if scheme.lower() != "basic" or not key_id or not secret:
            raise RazorpayError(401, "Authentication failed")
        if self.accounts is not None and not hmac.compare_digest(
            self.accounts.get(key_id, "").encode(), secret.encode()
        ):
            raise RazorpayError(401, "Authentication failed")
        return key_id

    def _api(self, environ: WSGIEnvironment, method: str, path: str) -> Answer:
        route = _route(method, path)
        if route is None:
            return Answer(400, _error_body("The requested URL was not found on the server."))
        handler, ids = route
        try:
            account = self._account(environ.get("HTTP_AUTHORIZATION", ""))
            raw = read_body(environ)
            data = json.loads(raw) if method == "POST" and raw else {}
            if not isinstance(data, dict):
                raise RazorpayError(400, "The request body must be a JSON object.")
        except json.JSONDecodeError:
            return Answer(400, _error_body("The request body is not valid JSON."))
        except RazorpayError as error:
            return error.answer
        if method == "GET":
            data = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        answer, outcome = self._answer(account, handler, ids, data)
        self.record(RecordedCall(method, path, account, data, "", answer.status, outcome))
        if outcome in ("timeout", "timeout_after"):
            self.hold()  # recorded first: the call did arrive (and, for timeout_after, was carried out)
        return answer

    def _answer(
        self, account: str, handler: str, ids: dict[str, str], data: dict[str, Any]
    ) -> tuple[Answer, str]:
        failure = self.take_failure()
        if failure == "timeout":
            return Answer(
                500, _error_body("We are facing some trouble completing your request", code="SERVER_ERROR")
            ), failure
        if failure == "429":
            return Answer(429, _error_body("Too many requests")), failure
        if failure == "500":
            return Answer(
                500, _error_body("We are facing some trouble completing your request", code="SERVER_ERROR")
            ), failure
        with self._lock:
            try:
                answer = Answer(200, getattr(self, "_" + handler)(account, ids, data))
            except RazorpayError as error:
                answer = error.answer
        outcome = "ok" if answer.status == 200 else str(answer.body["error"]["code"])
        if failure == "timeout_after":
            return Answer(
                500, _error_body("We are facing some trouble completing your request", code="SERVER_ERROR")
            ), failure
        return answer, outcome

    def _own(self, account: str, store: dict[str, dict[str, Any]], object_id: str) -> dict[str, Any]:
        if object_id not in store or self._owner.get(object_id) != account:
            raise RazorpayError(400, "The id provided does not exist", "id")
        return store[object_id]

    # --- payment links ---

    def _link_create(self, account: str, ids: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
        amount = _int(data.get("amount"), "amount")
        currency = str(data.get("currency", "INR"))
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise RazorpayError(400, "The currency is invalid.", "currency")
        if amount < 100:
            raise RazorpayError(400, "The amount must be atleast INR 1.00", "amount")
        if currency in ("KWD", "BHD", "OMR") and amount % 10:
            raise RazorpayError(400, "The amount for three decimal currencies must end in 0.", "amount")
        reference = str(data.get("reference_id") or "")
        if len(reference) > 40:
            raise RazorpayError(
                400, "The reference id may not be greater than 40 characters.", "reference_id"
            )
        if reference and any(
            link["reference_id"] == reference and self._owner[link["id"]] == account
            for link in self.links.values()
        ):
            raise RazorpayError(
                400, f"Payment Link with reference id {reference} already exists", "reference_id"
            )
        if data.get("callback_url") and data.get("callback_method") != "get":
            raise RazorpayError(
                400, "callback_method must be get when callback_url is given", "callback_method"
            )
        notes = data.get("notes") or {}
        if not isinstance(notes, dict) or len(notes) > 15:
            raise RazorpayError(400, "notes must be an object with at most 15 keys", "notes")
        now, link_id = int(time.time()), new_id("plink_")
        link = {
            "accept_partial": bool(data.get("accept_partial", False)),
            "amount": amount,
            "amount_paid": 0,
            "callback_method": data.get("callback_method", ""),
            "callback_url": data.get("callback_url", ""),
            "cancelled_at": 0,
            "created_at": now,
            "currency": currency,
            "customer": data.get("customer") or {},
            "description": data.get("description", ""),
            "expire_by": int(data.get("expire_by") or 0),
            "expired_at": 0,
            "first_min_partial_amount": 0,
            "id": link_id,
            "notes": notes or [],
            "notify": data.get("notify") or {"sms": False, "email": False},
            "payments": None,
            "reference_id": reference,
            "reminder_enable": bool(data.get("reminder_enable", False)),
            "reminders": [],
            "short_url": f"{self.page_base}/pay/{link_id}",
            "status": "created",
            "updated_at": now,
            "upi_link": False,
            "user_id": "",
        }
        self.links[link_id], self._owner[link_id] = link, account
        return link

    def _link_list(self, account: str, ids: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
        found = [link for link in self.links.values() if self._owner[link["id"]] == account]
        if reference := data.get("reference_id"):
            found = [link for link in found if link["reference_id"] == reference]
        return {"payment_links": sorted(found, key=lambda link: link["created_at"], reverse=True)}

    def _link_get(self, account: str, ids: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
        return self._own(account, self.links, ids["id"])

    def _link_cancel(self, account: str, ids: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
        link = self._own(account, self.links, ids["id"])
        if link["status"] != "created":
            raise RazorpayError(400, f"Payment Link cannot be cancelled as it is in {link['status']} state")
        link |= {"status": "cancelled", "cancelled_at": int(time.time()), "updated_at": int(time.time())}
        return link

    # --- payments and refunds ---

    def _payment_get(self, account: str, ids: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
        return self._own(account, self.payments, ids["id"])

    def _refund_create(self, account: str, ids: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
        payment = self._own(account, self.payments, ids["id"])
        left = payment["amount"] - payment["amount_refunded"]
        amount = _int(data["amount"], "amount") if "amount" in data else left
        if left <= 0:
            raise RazorpayError(400, "The payment has been fully refunded already")
        if amount <= 0 or amount > left:
            raise RazorpayError(400, "The refund amount provided is greater than amount captured", "amount")
        refund = {
            "id": new_id("rfnd_"),
            "entity": "refund",
            "amount": amount,
            "currency": payment["currency"],
            "payment_id": payment["id"],
            "notes": data.get("notes") or [],
            "receipt": data.get("receipt"),
            "acquirer_data": {"arn": None},
            "created_at": int(time.time()),
            "batch_id": None,
            "status": "pending",
            "speed_processed": "normal",
            "speed_requested": str(data.get("speed", "normal")),
        }
        self.refunds[refund["id"]], self._owner[refund["id"]] = refund, account
        payment["amount_refunded"] += amount
        payment["refund_status"] = "full" if payment["amount_refunded"] >= payment["amount"] else "partial"
        answered = dict(refund)  # pending when answered; processed right after, when its event is queued
        self._queue(
            account,
            "refund.processed",
            {"refund": {**refund, "status": "processed"}, "payment": dict(payment)},
        )
        return answered

    def _refund_list(self, account: str, ids: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
        self._own(account, self.payments, ids["id"])
        items = [refund for refund in self.refunds.values() if refund["payment_id"] == ids["id"]]
        items.sort(key=lambda refund: refund["created_at"], reverse=True)
        return {"entity": "collection", "count": len(items), "items": items}

    # --- a buyer pays ---

    def _queue(self, account: str, event_type: str, entities: dict[str, dict[str, Any]]) -> None:
        if event_type == "refund.processed":
            self.refunds[entities["refund"]["id"]]["status"] = "processed"  # as it will be once posted
        event = {
            "entity": "event",
            "account_id": "acc_" + hashlib.sha256(account.encode()).hexdigest()[:14],
            "event": event_type,
            "contains": list(entities),
            "payload": {name: {"entity": entity} for name, entity in entities.items()},
            "created_at": int(time.time()),
        }
        self.queue_event(account, new_id("evt_"), event_type, json.dumps(event).encode())

    def pay(self, link_id: str) -> dict[str, Any]:
        """The buyer pays the link in full by UPI: order and payment made, events posted to the webhook."""
        with self._lock:
            link = self.links.get(link_id)
            if link is None:
                raise LookupError(f"no payment link {link_id!r}")
            if link["status"] != "created":
                raise ValueError(f"payment link {link_id} is {link['status']}")
            account, now = self._owner[link_id], int(time.time())
            order_id, payment_id = new_id("order_"), new_id("pay_")
            customer = link["customer"] if isinstance(link["customer"], dict) else {}
            payment = {
                "id": payment_id,
                "entity": "payment",
                "amount": link["amount"],
                "currency": link["currency"],
                "status": "captured",
                "order_id": order_id,
                "invoice_id": None,
                "international": False,
                "method": "upi",
                "amount_refunded": 0,
                "refund_status": None,
                "captured": True,
                "description": link["description"],
                "email": customer.get("email", ""),
                "contact": customer.get("contact", ""),
                "notes": link["notes"],
                "fee": 0,
                "tax": 0,
                "error_code": None,
                "error_description": None,
                "created_at": now,
            }
            order = {
                "id": order_id,
                "entity": "order",
                "amount": link["amount"],
                "amount_paid": link["amount"],
                "amount_due": 0,
                "currency": link["currency"],
                "receipt": None,
                "status": "paid",
                "notes": link["notes"],
                "created_at": now,
            }
            self.payments[payment_id], self._owner[payment_id] = payment, account
            link |= {
                "status": "paid",
                "amount_paid": link["amount"],
                "order_id": order_id,
                "updated_at": now,
                "payments": [
                    {
                        "amount": link["amount"],
                        "created_at": now,
                        "method": "upi",
                        "payment_id": payment_id,
                        "status": "captured",
                    }
                ],
            }
            self._queue(
                account,
                "payment_link.paid",
                {"payment_link": dict(link), "order": order, "payment": dict(payment)},
            )
            self._queue(account, "payment.captured", {"payment": dict(payment)})
        deliveries = self.deliver()
        return {"payment": payment_id, "order": order_id, "deliveries": [d.__dict__ for d in deliveries]}

    def control_own(self, method: str, action: str, data: dict[str, Any]) -> Answer | None:
        if (method, action) == ("POST", "pay"):
            return Answer(200, self.pay(str(data["link"])))
        if (method, action) == ("GET", "links"):
            with self._lock:
                return Answer(200, {"links": list(self.links.values())})
        return None

    def _page(self, method: str, link_id: str) -> Answer:
        with self._lock:
            link = self.links.get(link_id)
        if link is None:
            return Answer(404, "<h1>This link does not exist.</h1>", html=True)
        if method == "POST":
            try:
                self.pay(link_id)
            except ValueError as error:
                return Answer(400, f"<h1>{html.escape(str(error))}</h1>", html=True)
            return Answer(200, "<h1>Paid. Thank you.</h1>", html=True)
        title = html.escape(str(link["description"]))
        total = html.escape(f"{link['amount']} {link['currency']} (in the currency's smallest unit)")
        state = "" if link["status"] == "created" else f"<p>This link is {html.escape(link['status'])}.</p>"
        body = (
            f"<!doctype html><title>Pay</title><h1>{title}</h1><p>{total}</p>{state}"
            '<form method="post"><button type="submit">Pay (test UPI)</button></form>'
        )
        return Answer(200, body, html=True)
