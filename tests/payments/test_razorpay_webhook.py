"""Razorpay's webhooks: the library's signature check against the SDK's own vector, and real entities read."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from wasl.payments.events import Ignored, LinkChanged, Paid, RefundChanged
from wasl.payments.providers.razorpay_webhook import parse, verify
from wasl.shipping.types import AdapterError


@pytest.fixture(scope="module")
def vector(realdata: Path) -> dict[str, Any]:
    return json.loads((realdata / "razorpay/signature_vector.json").read_text())


@pytest.fixture(scope="module")
def body(realdata: Path) -> bytes:
    return (realdata / "razorpay/fake_payment_authorized_webhook.json").read_bytes()


def test_the_sdk_vector_verifies_on_the_raw_bytes(vector: dict[str, Any], body: bytes) -> None:
    assert len(body) == 971
    assert verify(body, vector["x_razorpay_signature"], vector["secret"]) is True


@pytest.mark.parametrize(
    ("change", "signature", "secret"),
    [
        (lambda b: b, "0" * 64, "key_secret"),
        (lambda b: b, None, "other_secret"),
        (lambda b: b.replace(b"1000000", b"1000001"), None, "key_secret"),
        (lambda b: b.rstrip(b"\n") + b" ", None, "key_secret"),
        (lambda b: b, "", "key_secret"),
        (lambda b: b, "é" * 64, "key_secret"),
        (lambda b: b"\xff" + b, None, "key_secret"),
    ],
    ids=[
        "wrong signature",
        "other secret",
        "tampered",
        "whitespace changed",
        "no header",
        "non-ascii",
        "not utf-8",
    ],
)
def test_anything_else_does_not_verify(
    vector: dict[str, Any], body: bytes, change: Any, signature: str | None, secret: str
) -> None:
    given = vector["x_razorpay_signature"] if signature is None else signature
    assert verify(change(body), given, secret) is False


def test_the_authorized_event_parses_and_is_ignored(body: bytes) -> None:
    parsed = parse(body, "evt_H1")
    assert (parsed.event_id, parsed.event_type) == ("evt_H1", "payment.authorized")
    assert isinstance(parsed.events[0], Ignored)


def paid_event(realdata: Path) -> dict[str, Any]:
    link = json.loads((realdata / "razorpay/fake_payment_link.json").read_text())
    payment = json.loads((realdata / "razorpay/fake_payment_authorized_webhook.json").read_text())["payload"][
        "payment"
    ]["entity"]
    payment = {**payment, "id": "pay_Fo49sHbQ78PCMI", "amount": 100, "order_id": link["order_id"]}
    link["notes"] = {**link["notes"], "wasl_link": "41", "wasl_store": "2", "wasl_order": "TS35"}
    return {
        "entity": "event",
        "account_id": "acc_BFQ7uQEaa7j2z7",
        "event": "payment_link.paid",
        "contains": ["payment_link", "order", "payment"],
        "payload": {"payment_link": {"entity": link}, "payment": {"entity": payment}},
        "created_at": 1602523645,
    }


def test_a_paid_link_is_a_payment(realdata: Path) -> None:
    [paid] = parse(json.dumps(paid_event(realdata)).encode()).events
    assert paid == Paid(
        provider="razorpay",
        payment_id="pay_Fo49sHbQ78PCMI",
        amount=Decimal("1.00"),
        currency="INR",
        paid_at=paid.paid_at,  # type: ignore[union-attr]
        link_id="plink_Fo48rl281ENAg9",
        link_pk=41,
        store_pk=2,
        order_external_id="TS35",
        provider_order_id="order_Fo491cL6NGAjkI",
    )


def test_a_processed_refund_is_a_succeeded_refund() -> None:
    refund = {
        "id": "rfnd_1",
        "entity": "refund",
        "amount": 5000,
        "currency": "INR",
        "payment_id": "pay_1",
        "status": "processed",
        "notes": {"wasl_key": "k-1"},
    }
    body = {"entity": "event", "event": "refund.processed", "payload": {"refund": {"entity": refund}}}
    assert parse(json.dumps(body).encode()).events == (
        RefundChanged("razorpay", "rfnd_1", "pay_1", "succeeded", Decimal("50.00"), "INR", "k-1"),
    )


def test_a_cancelled_link_is_closed(realdata: Path) -> None:
    link = json.loads((realdata / "razorpay/cancel_payment_link.json").read_text())
    body = {
        "entity": "event",
        "event": "payment_link.cancelled",
        "payload": {"payment_link": {"entity": link}},
    }
    assert parse(json.dumps(body).encode()).events == (
        LinkChanged(provider="razorpay", link_id="plink_Fo4oI0cXjpQIz3", status="cancelled"),
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"nope", "invalid_json"),
        (b'{"entity": "payment"}', "invalid_payload"),
        (b'{"entity": "event", "event": "payment_link.paid", "payload": {}}', "invalid_payload"),
        (
            b'{"entity": "event", "event": "refund.processed", "payload": {"refund": {"entity": {"id": "r", "amount": 1.5, "currency": "INR"}}}}',
            "invalid_amount",
        ),
    ],
)
def test_malformed_bodies_are_coded_errors(body: bytes, code: str) -> None:
    with pytest.raises(AdapterError) as error:
        parse(body)
    assert error.value.code == code
