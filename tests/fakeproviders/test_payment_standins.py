"""The Stripe and Razorpay stand-ins speak their providers' HTTP protocol: auth, bodies, error JSON,
idempotency, scripted failures, and signed webhooks that the official libraries accept."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import RunningServer, serve_in_thread
from wasl.fakeproviders.razorpay import RazorpayStandIn
from wasl.fakeproviders.server import build_app
from wasl.fakeproviders.sms import SmsStandIn
from wasl.fakeproviders.stripe import StripeStandIn, decode_form
from wasl.payments.providers import razorpay_webhook, stripe_webhook

SK = ("sk_test_1", "")
RZP = ("rzp_test_1", "secret_1")


class Receiver:
    """Wasl's side, as far as the stand-ins can tell: records what is posted and answers 202."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        with self.lock:
            self.received.append((headers, body))
        start_response("202 Accepted", [("Content-Type", "application/json")])
        return [b"{}"]


@pytest.fixture
def served() -> Iterator[tuple[StripeStandIn, RazorpayStandIn, RunningServer, Receiver, RunningServer]]:
    stripe, razorpay, receiver = StripeStandIn(hang_s=2.0), RazorpayStandIn(hang_s=2.0), Receiver()
    graph, sms = GraphStandIn(), SmsStandIn()
    running = serve_in_thread(build_app(graph, sms, stripe=stripe, razorpay=razorpay))
    hooks = serve_in_thread(receiver)
    try:
        yield stripe, razorpay, running, receiver, hooks
    finally:
        for stand_in in (stripe, razorpay, graph, sms):
            stand_in.close()
        running.stop()
        hooks.stop()


LINK_FORM = {
    "line_items[0][price_data][currency]": "sar",
    "line_items[0][price_data][unit_amount]": "24950",
    "line_items[0][price_data][product_data][name]": "Order #1001",
    "line_items[0][quantity]": "1",
    "metadata[wasl_order]": "1001",
}


def test_bracketed_form_keys_become_nested_objects() -> None:
    body = b"a[b][0][c]=1&a[b][0][d]=2&a[b][1][c]=3&e=x&f[0]=y&f[1]=z"
    assert decode_form(body) == {"a": {"b": [{"c": "1", "d": "2"}, {"c": "3"}]}, "e": "x", "f": ["y", "z"]}


def test_stripe_auth_errors_and_idempotency(served) -> None:  # type: ignore[no-untyped-def]
    stripe, _, running, _, _ = served
    url = running.url + "/stripe/v1/payment_links"

    no_key = httpx.post(url, data=LINK_FORM)
    missing = httpx.post(url, data={}, headers={"Authorization": "Bearer sk_test_1"})
    first = httpx.post(
        url, data=LINK_FORM, headers={"Authorization": "Bearer sk_test_1", "Idempotency-Key": "k"}
    )
    replay = httpx.post(
        url, data=LINK_FORM, headers={"Authorization": "Bearer sk_test_1", "Idempotency-Key": "k"}
    )
    other = httpx.post(
        url,
        data={**LINK_FORM, "metadata[wasl_order]": "1002"},
        headers={"Authorization": "Bearer sk_test_1", "Idempotency-Key": "k"},
    )
    unknown = httpx.get(
        running.url + "/stripe/v1/payment_links/plink_nope", headers={"Authorization": "Bearer sk_test_1"}
    )

    assert (no_key.status_code, no_key.json()["error"]["type"]) == (401, "invalid_request_error")
    assert missing.status_code == 400
    assert missing.json()["error"] == {
        "type": "invalid_request_error",
        "message": "Missing required param: line_items.",
        "code": "parameter_missing",
        "doc_url": "https://stripe.com/docs/error-codes/parameter-missing",
        "param": "line_items",
    }
    assert (first.status_code, first.json()["object"], first.json()["active"]) == (200, "payment_link", True)
    assert first.json()["url"] == f"{running.url}/stripe/pay/{first.json()['id']}"
    assert (replay.json(), replay.headers["Idempotent-Replayed"]) == (first.json(), "true")
    assert (other.status_code, other.json()["error"]["type"]) == (400, "idempotency_error")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "resource_missing")
    assert [c.outcome for c in stripe.calls] == [
        "parameter_missing",
        "ok",
        "replayed",
        "idempotency_error",
        "resource_missing",
    ]


def test_stripe_refuses_three_decimal_amounts_that_do_not_end_in_zero(served) -> None:  # type: ignore[no-untyped-def]
    _, _, running, _, _ = served
    form = {
        **LINK_FORM,
        "line_items[0][price_data][currency]": "kwd",
        "line_items[0][price_data][unit_amount]": "12345",
    }
    response = httpx.post(
        running.url + "/stripe/v1/payment_links",
        data=form,
        auth=None,
        headers={"Authorization": "Bearer sk_test_1"},
    )
    assert (response.status_code, response.json()["error"]["code"]) == (400, "amount_invalid")


def test_scripted_failures_through_the_control_endpoint(served) -> None:  # type: ignore[no-untyped-def]
    _, razorpay, running, _, _ = served
    assert httpx.post(running.url + "/_control/stripe/fail", json={"count": 2, "kind": "429"}).json() == {
        "pending_failures": ["429", "429"]
    }
    headers = {"Authorization": "Bearer sk_test_1"}
    answers = [
        httpx.post(running.url + "/stripe/v1/payment_links", data=LINK_FORM, headers=headers)
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].json()["error"]["code"] == "rate_limit"
    bad = httpx.post(running.url + "/_control/razorpay/fail", json={"kind": "teapot"})
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_control_request")
    razorpay.fail_next(1, "timeout")
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(running.url + "/razorpay/v1/payment_links", auth=RZP, timeout=0.5)
    assert [c.outcome for c in razorpay.calls] == ["timeout"]


def test_paying_a_stripe_link_posts_events_the_library_verifies(served) -> None:  # type: ignore[no-untyped-def]
    _, _, running, receiver, hooks = served
    link = httpx.post(
        running.url + "/stripe/v1/payment_links",
        data={**LINK_FORM, "restrictions[completed_sessions][limit]": "1"},
        headers={"Authorization": "Bearer sk_test_1"},
    ).json()
    httpx.post(
        running.url + "/_control/stripe/webhook",
        json={"account": "sk_test_1", "url": hooks.url, "secret": "whsec_1"},
    )

    paid = httpx.post(running.url + "/_control/stripe/pay", json={"link": link["id"]}).json()

    assert [d["event_type"] for d in paid["deliveries"]] == [
        "checkout.session.completed",
        "payment_intent.succeeded",
    ]
    for headers, body in receiver.received:
        assert stripe_webhook.verify(body, headers["stripe-signature"], "whsec_1") is True
    [session] = stripe_webhook.parse(receiver.received[0][1]).events
    assert (session.link_id, session.payment_id, str(session.amount), session.order_external_id) == (  # type: ignore[union-attr]
        link["id"],
        paid["payment_intent"],
        "249.50",
        "1001",
    )
    # One payment per link: it stops taking payments
    again = httpx.post(running.url + "/_control/stripe/pay", json={"link": link["id"]})
    assert again.status_code == 400
    page = httpx.get(running.url + f"/stripe/pay/{link['id']}")
    assert "no longer takes payments" in page.text


def test_razorpay_links_refunds_errors_and_signed_events(served) -> None:  # type: ignore[no-untyped-def]
    _, _, running, receiver, hooks = served
    base = running.url + "/razorpay/v1"
    body = {
        "amount": 49950,
        "currency": "INR",
        "reference_id": "2001",
        "customer": {"contact": "+919999999999"},
    }

    unauthorized = httpx.post(base + "/payment_links", json=body, auth=("rzp_test_1", ""))
    link = httpx.post(base + "/payment_links", json=body, auth=RZP).json()
    duplicate = httpx.post(base + "/payment_links", json=body, auth=RZP)
    found = httpx.get(base + "/payment_links", params={"reference_id": "2001"}, auth=RZP).json()

    assert (unauthorized.status_code, unauthorized.json()["error"]["description"]) == (
        401,
        "Authentication failed",
    )
    assert (link["status"], link["amount"], link["short_url"]) == (
        "created",
        49950,
        f"{running.url}/razorpay/pay/{link['id']}",
    )
    assert (duplicate.status_code, duplicate.json()["error"]["code"], duplicate.json()["error"]["field"]) == (
        400,
        "BAD_REQUEST_ERROR",
        "reference_id",
    )
    assert [item["id"] for item in found["payment_links"]] == [link["id"]]

    httpx.post(
        running.url + "/_control/razorpay/webhook",
        json={"account": "rzp_test_1", "url": hooks.url, "secret": "wh_1"},
    )
    paid = httpx.post(running.url + "/_control/razorpay/pay", json={"link": link["id"]}).json()
    refund = httpx.post(
        base + f"/payments/{paid['payment']}/refund", json={"amount": 10000, "receipt": "r1"}, auth=RZP
    ).json()
    too_much = httpx.post(base + f"/payments/{paid['payment']}/refund", json={"amount": 99999}, auth=RZP)
    delivered = httpx.post(running.url + "/_control/razorpay/deliver").json()["deliveries"]

    assert (refund["entity"], refund["status"], refund["receipt"]) == ("refund", "pending", "r1")
    assert too_much.status_code == 400
    assert [d["event_type"] for d in delivered] == ["refund.processed"]
    events = [(headers, body) for headers, body in receiver.received]
    assert [razorpay_webhook.parse(body).event_type for _, body in events] == [
        "payment_link.paid",
        "payment.captured",
        "refund.processed",
    ]
    for headers, body in events:
        assert razorpay_webhook.verify(body, headers["x-razorpay-signature"], "wh_1") is True
        assert headers["x-razorpay-event-id"].startswith("evt_")
    cancel = httpx.post(base + f"/payment_links/{link['id']}/cancel", auth=RZP)
    assert cancel.status_code == 400  # a paid link cannot be cancelled
