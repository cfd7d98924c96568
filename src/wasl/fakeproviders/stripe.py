"""A stand-in for Stripe's API, for development and tests: a plain WSGI app, no Django.

It speaks Stripe's protocol for what Wasl uses: `Authorization: Bearer sk_...`, form-encoded bodies with
bracketed keys (`line_items[0][price_data][currency]=sar`), `Idempotency-Key` (the same key and body again
replays the first answer with `Idempotent-Replayed: true`; another body is an `idempotency_error`), and
Stripe's error JSON `{"error": {"type", "code", "message", "param"}}`. Endpoints: payment links (create,
retrieve, update `active`), refunds (create, list by payment_intent, retrieve), payment intents (retrieve).

Paying a link (`POST /_control/stripe/pay {"link": "plink_..."}`, or the button on `GET /pay/<link>`) makes
the Checkout Session, PaymentIntent and Charge, and posts `checkout.session.completed` and
`payment_intent.succeeded`, signed `Stripe-Signature: t=...,v1=...`, to the account's webhook. A refund
queues `charge.refunded`. Paths may carry a `/stripe` prefix (how `wasl fake-providers` serves it).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.types import StartResponse, WSGIEnvironment

from wasl.fakeproviders.payments_common import (
    Answer,
    PaymentStandInBase,
    RecordedCall,
    new_id,
    read_body,
    respond,
)

API_VERSION = "2026-10-28.endive"
ZERO_DECIMAL = frozenset("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split())  # noqa: SIM905
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
_ROUTES = [
    ("POST", re.compile(r"^/v1/payment_links$"), "link_create"),
    ("GET", re.compile(r"^/v1/payment_links/(?P<id>[^/]+)$"), "link_get"),
    ("POST", re.compile(r"^/v1/payment_links/(?P<id>[^/]+)$"), "link_update"),
    ("POST", re.compile(r"^/v1/refunds$"), "refund_create"),
    ("GET", re.compile(r"^/v1/refunds$"), "refund_list"),
    ("GET", re.compile(r"^/v1/refunds/(?P<id>[^/]+)$"), "refund_get"),
    ("GET", re.compile(r"^/v1/payment_intents/(?P<id>[^/]+)$"), "intent_get"),
]
_PAY_PAGE = re.compile(r"^/pay/(?P<id>plink_[A-Za-z0-9]+)$")


class StripeError(Exception):
    def __init__(self, status: int, kind: str, message: str, code: str = "", param: str = "") -> None:
        super().__init__(message)
        self.answer = Answer(status, _error_body(kind, message, code, param))


def _error_body(kind: str, message: str, code: str = "", param: str = "") -> dict[str, Any]:
    error: dict[str, Any] = {"type": kind, "message": message}
    if code:
        error |= {"code": code, "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"}
    if param:
        error["param"] = param
    return {"error": error}


def _missing(param: str) -> StripeError:
    return StripeError(
        400, "invalid_request_error", f"Missing required param: {param}.", "parameter_missing", param
    )


def _invalid(param: str, message: str) -> StripeError:
    return StripeError(400, "invalid_request_error", message, "parameter_invalid_integer", param)


def decode_form(body: bytes) -> dict[str, Any]:
    """`a[b][0][c]=1` -> {"a": {"b": [{"c": "1"}]}}: how Stripe reads its form bodies."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if isinstance(node, list):
                slot = int(part) if part.isdigit() else len(node)
                while len(node) <= slot:
                    node.append({})
                if last:
                    node[slot] = value
                else:
                    nxt = parts[index + 1]
                    if not isinstance(node[slot], dict | list) or (nxt.isdigit() and not node[slot]):
                        node[slot] = [] if nxt.isdigit() else {}
                    node = node[slot]
            else:
                if last:
                    node[part] = value
                else:
                    nxt = parts[index + 1]
                    node = node.setdefault(part, [] if nxt.isdigit() else {})
    return root


def _route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    for verb, pattern, handler in _ROUTES:
        match = pattern.match(path)
        if match and verb == method:
            return handler, match.groupdict()
    return None


def stripe_signature(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """Written here again, apart from the library, so that a mistake in one is not mirrored in the other."""
    stamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={mac}"


def _integer(value: Any, param: str) -> int:
    if not isinstance(value, str) or not value.isdigit():
        raise _invalid(param, f"Invalid integer: {value}")
    return int(value)


class StripeStandIn(PaymentStandInBase):
    """`api_keys`: the secret keys let in; without it, any key that looks like one (sk_..., rk_...)."""

    name = "stripe"

    def __init__(self, *, api_keys: Iterable[str] | None = None, hang_s: float = 30.0) -> None:
        super().__init__(hang_s=hang_s)
        self.api_keys = set(api_keys) if api_keys is not None else None
        self.page_base = "http://127.0.0.1"
        self._reset_state()

    def _reset_state(self) -> None:
        self.links: dict[str, dict[str, Any]] = {}
        self.link_accounts: dict[str, str] = {}
        self.intents: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, dict[str, Any]] = {}
        self._idempotent: dict[tuple[str, str], tuple[str, Answer]] = {}

    def sign(self, body: bytes, secret: str) -> dict[str, str]:
        return {"Stripe-Signature": stripe_signature(body, secret)}

    def extra_headers(self, event: Any) -> dict[str, str]:
        return {"User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}

    # --- WSGI ---

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "")
        if path.startswith("/_control/stripe/"):
            return respond(
                start_response,
                self.control(method, path.removeprefix("/_control/stripe/"), read_body(environ)),
            )
        prefix = "/stripe" if path.startswith("/stripe/") else ""
        path = path.removeprefix(prefix)
        host = (
            environ.get("HTTP_HOST")
            or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '80')}"
        )
        self.page_base = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{prefix}"
        if page := _PAY_PAGE.match(path):
            return respond(start_response, self._page(method, page["id"]))
        return respond(start_response, self._api(environ, method, path))

    def _account(self, environ: WSGIEnvironment) -> str:
        scheme, _, key = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            raise StripeError(401, "invalid_request_error", "You did not provide an API key.")
        allowed = key in self.api_keys if self.api_keys is not None else key.startswith(("sk_", "rk_"))
        if not allowed:
            raise StripeError(
                401, "invalid_request_error", f"Invalid API Key provided: {key[:8]}****{key[-4:]}"
            )
        return key

    def _api(self, environ: WSGIEnvironment, method: str, path: str) -> Answer:
        raw = read_body(environ) if method == "POST" else environ.get("QUERY_STRING", "").encode()
        params = decode_form(raw)
        idempotency_key = environ.get("HTTP_IDEMPOTENCY_KEY", "")
        route = _route(method, path)
        if route is None:
            message = f"Unrecognized request URL ({method}: {path})."
            return Answer(404, _error_body("invalid_request_error", message))
        handler, ids = route
        try:
            account = self._account(environ)
        except StripeError as error:
            return error.answer
        answer, outcome = self._answer(account, method, handler, ids, params, idempotency_key)
        self.record(RecordedCall(method, path, account, params, idempotency_key, answer.status, outcome))
        if outcome in ("timeout", "timeout_after"):
            self.hold()  # recorded first: the call did arrive (and, for timeout_after, was carried out)
        return answer

    def _answer(
        self, account: str, method: str, handler: str, ids: dict[str, str], params: dict[str, Any], key: str
    ) -> tuple[Answer, str]:
        failure = self.take_failure()
        if failure == "timeout":
            return Answer(500, _error_body("api_error", "An unknown error occurred")), failure
        if failure in ("500", "429"):
            if failure == "429":
                return Answer(
                    429, _error_body("invalid_request_error", "Too many requests", "rate_limit")
                ), failure
            return Answer(500, _error_body("api_error", "An unknown error occurred")), failure
        fingerprint = json.dumps(params, sort_keys=True)
        with self._lock:
            if method == "POST" and key and (account, key) in self._idempotent:
                seen, earlier = self._idempotent[(account, key)]
                if seen != fingerprint:
                    message = (
                        "Keys for idempotent requests can only be used with the same parameters they were "
                        f"first used with. Try using a key other than '{key}' if you meant to execute a "
                        "different request."
                    )
                    return Answer(400, _error_body("idempotency_error", message)), "idempotency_error"
                return Answer(earlier.status, earlier.body, [("Idempotent-Replayed", "true")]), "replayed"
            try:
                answer = Answer(200, getattr(self, "_" + handler)(account, ids, params))
            except StripeError as error:
                answer = error.answer
            if method == "POST" and key and answer.status < 500:
                self._idempotent[(account, key)] = (fingerprint, answer)
        outcome = (
            "ok"
            if answer.status == 200
            else str(answer.body["error"].get("code") or answer.body["error"]["type"])
        )
        if failure == "timeout_after":
            return Answer(500, _error_body("api_error", "An unknown error occurred")), failure
        return answer, outcome

    # --- payment links ---

    def _link_create(self, account: str, ids: dict[str, str], params: dict[str, Any]) -> dict[str, Any]:
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise _missing("line_items")
        currencies, total = set(), 0
        for index, item in enumerate(items):
            data = item.get("price_data") if isinstance(item, dict) else None
            if not isinstance(data, dict):
                raise _missing(f"line_items[{index}][price_data]")
            currency = str(data.get("currency", "")).upper()
            if not re.fullmatch(r"[A-Z]{3}", currency):
                raise _invalid(
                    f"line_items[{index}][price_data][currency]", f"Invalid currency: {currency.lower()}"
                )
            name = (
                (data.get("product_data") or {}).get("name")
                if isinstance(data.get("product_data"), dict)
                else None
            )
            if not name:
                raise _missing(f"line_items[{index}][price_data][product_data][name]")
            amount = _integer(data.get("unit_amount"), f"line_items[{index}][price_data][unit_amount]")
            if currency in THREE_DECIMAL and amount % 10:
                raise StripeError(
                    400,
                    "invalid_request_error",
                    f"Invalid amount: {currency.lower()} is a three-decimal currency; amounts must end in 0.",
                    "amount_invalid",
                    f"line_items[{index}][price_data][unit_amount]",
                )
            quantity = _integer(item.get("quantity", "1"), f"line_items[{index}][quantity]")
            currencies.add(currency)
            total += amount * quantity
        if len(currencies) != 1:
            raise _invalid("line_items", "All line items must be in the same currency.")
        if total <= 0:
            raise StripeError(400, "invalid_request_error", "The total must be positive.", "amount_too_small")
        link_id = new_id("plink_", 24)
        currency = currencies.pop().lower()
        restrictions = params.get("restrictions") if isinstance(params.get("restrictions"), dict) else {}
        limit = (restrictions.get("completed_sessions") or {}).get("limit") if restrictions else None
        link = {
            "id": link_id,
            "object": "payment_link",
            "active": True,
            "after_completion": params.get("after_completion") or {"type": "hosted_confirmation"},
            "currency": currency,
            "livemode": False,
            "metadata": params.get("metadata") or {},
            "payment_intent_data": params.get("payment_intent_data") or {},
            "restrictions": {"completed_sessions": {"count": 0, "limit": int(limit)}} if limit else None,
            "url": f"{self.page_base}/pay/{link_id}",
            "_amount": total,
            "_line_items": items,
        }
        self.links[link_id] = link
        self.link_accounts[link_id] = account
        return _public(link)

    def _own_link(self, account: str, link_id: str) -> dict[str, Any]:
        if self.link_accounts.get(link_id) != account:
            raise StripeError(
                404, "invalid_request_error", f"No such payment_link: '{link_id}'", "resource_missing", "id"
            )
        return self.links[link_id]

    def _link_get(self, account: str, ids: dict[str, str], params: dict[str, Any]) -> dict[str, Any]:
        return _public(self._own_link(account, ids["id"]))

    def _link_update(self, account: str, ids: dict[str, str], params: dict[str, Any]) -> dict[str, Any]:
        link = self._own_link(account, ids["id"])
        if "active" in params:
            link["active"] = params["active"] == "true"
        if isinstance(params.get("metadata"), dict):
            link["metadata"] = {**link["metadata"], **params["metadata"]}
        return _public(link)

    # --- refunds ---

    def _refund_create(self, account: str, ids: dict[str, str], params: dict[str, Any]) -> dict[str, Any]:
        intent_id = str(params.get("payment_intent", ""))
        if not intent_id:
            raise _missing("payment_intent")
        intent = self.intents.get(intent_id)
        if intent is None or intent["_account"] != account:
            raise StripeError(
                404,
                "invalid_request_error",
                f"No such payment_intent: '{intent_id}'",
                "resource_missing",
                "payment_intent",
            )
        charge = self.charges[intent["latest_charge"]]
        left = charge["amount"] - charge["amount_refunded"]
        if left <= 0:
            raise StripeError(
                400,
                "invalid_request_error",
                f"Charge {charge['id']} has already been refunded.",
                "charge_already_refunded",
            )
        amount = _integer(params["amount"], "amount") if "amount" in params else left
        if amount <= 0 or amount > left:
            raise StripeError(
                400,
                "invalid_request_error",
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                "amount_too_large",
                "amount",
            )
        refund = {
            "id": new_id("re_", 24),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "created": int(time.time()),
            "currency": charge["currency"],
            "metadata": params.get("metadata") or {},
            "payment_intent": intent_id,
            "reason": params.get("reason"),
            "status": "succeeded",
        }
        self.refunds[refund["id"]] = refund
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        charge["refunds"]["data"].insert(0, refund)
        self._queue(account, "charge.refunded", _public(charge))
        return refund

    def _refund_list(self, account: str, ids: dict[str, str], params: dict[str, Any]) -> dict[str, Any]:
        intent_id = str(params.get("payment_intent", ""))
        found = [
            r
            for r in self.refunds.values()
            if self.intents[r["payment_intent"]]["_account"] == account
            and (not intent_id or r["payment_intent"] == intent_id)
        ]
        found.sort(key=lambda refund: refund["created"], reverse=True)
        return {"object": "list", "data": found, "has_more": False, "url": "/v1/refunds"}

    def _refund_get(self, account: str, ids: dict[str, str], params: dict[str, Any]) -> dict[str, Any]:
        refund = self.refunds.get(ids["id"])
        if refund is None or self.intents[refund["payment_intent"]]["_account"] != account:
            raise StripeError(
                404, "invalid_request_error", f"No such refund: '{ids['id']}'", "resource_missing", "id"
            )
        return refund

    def _intent_get(self, account: str, ids: dict[str, str], params: dict[str, Any]) -> dict[str, Any]:
        intent = self.intents.get(ids["id"])
        if intent is None or intent["_account"] != account:
            raise StripeError(
                404,
                "invalid_request_error",
                f"No such payment_intent: '{ids['id']}'",
                "resource_missing",
                "id",
            )
        return _public(intent)

    # --- a buyer pays ---

    def _queue(self, account: str, event_type: str, obj: dict[str, Any]) -> str:
        event_id = new_id("evt_", 24)
        event = {
            "id": event_id,
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "data": {"object": obj},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        self.queue_event(account, event_id, event_type, json.dumps(event, indent=2).encode())
        return event_id

    def pay(self, link_id: str) -> dict[str, Any]:
        """The buyer pays the link in full by card: objects made, events posted to the account's webhook."""
        with self._lock:
            link = self.links.get(link_id)
            if link is None:
                raise LookupError(f"no payment link {link_id!r}")
            if not link["active"]:
                raise ValueError(f"payment link {link_id} is no longer active")
            account, now = self.link_accounts[link_id], int(time.time())
            amount, currency = link["_amount"], link["currency"]
            intent_id, charge_id, session_id = new_id("pi_", 24), new_id("ch_", 24), new_id("cs_test_", 40)
            metadata = (link.get("payment_intent_data") or {}).get("metadata") or {}
            intent = {
                "id": intent_id,
                "object": "payment_intent",
                "amount": amount,
                "amount_received": amount,
                "currency": currency,
                "created": now,
                "latest_charge": charge_id,
                "livemode": False,
                "metadata": metadata,
                "payment_method_types": ["card"],
                "status": "succeeded",
                "_account": account,
            }
            charge = {
                "id": charge_id,
                "object": "charge",
                "amount": amount,
                "amount_captured": amount,
                "amount_refunded": 0,
                "captured": True,
                "created": now,
                "currency": currency,
                "livemode": False,
                "metadata": metadata,
                "paid": True,
                "payment_intent": intent_id,
                "refunded": False,
                "refunds": {
                    "object": "list",
                    "data": [],
                    "has_more": False,
                    "url": f"/v1/charges/{charge_id}/refunds",
                },
                "status": "succeeded",
            }
            session = {
                "id": session_id,
                "object": "checkout.session",
                "amount_subtotal": amount,
                "amount_total": amount,
                "created": now,
                "currency": currency,
                "customer_details": {"email": "buyer@example.com"},
                "livemode": False,
                "metadata": link["metadata"],
                "mode": "payment",
                "payment_intent": intent_id,
                "payment_link": link_id,
                "payment_status": "paid",
                "status": "complete",
                "url": None,
            }
            self.intents[intent_id], self.charges[charge_id], self.sessions[session_id] = (
                intent,
                charge,
                session,
            )
            restrictions = link.get("restrictions")
            if restrictions:
                completed = restrictions["completed_sessions"]
                completed["count"] += 1
                if completed["count"] >= completed["limit"]:
                    link["active"] = False
            self._queue(account, "checkout.session.completed", session)
            self._queue(account, "payment_intent.succeeded", _public(intent))
        deliveries = self.deliver()
        return {
            "payment_intent": intent_id,
            "checkout_session": session_id,
            "deliveries": [d.__dict__ for d in deliveries],
        }

    def control_own(self, method: str, action: str, data: dict[str, Any]) -> Answer | None:
        if (method, action) == ("POST", "pay"):
            return Answer(200, self.pay(str(data["link"])))
        if (method, action) == ("GET", "links"):
            with self._lock:
                return Answer(200, {"links": [_public(link) for link in self.links.values()]})
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
        name = html.escape(str(link["_line_items"][0]["price_data"]["product_data"]["name"]))
        total = f"{link['_amount']} {link['currency'].upper()} (in the currency's smallest unit)"
        state = "" if link["active"] else "<p>This link no longer takes payments.</p>"
        body = (
            f"<!doctype html><title>Pay</title><h1>{name}</h1><p>{html.escape(total)}</p>{state}"
            '<form method="post"><button type="submit">Pay (test card)</button></form>'
        )
        return Answer(200, body, html=True)


def _public(obj: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in obj.items() if not key.startswith("_")}
