"""Stripe's webhooks: the library's signature check against the derived vector, and real objects read into ours."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from wasl.payments.events import Ignored, LinkChanged, Paid, PaymentRefunded, RefundChanged
from wasl.payments.providers.stripe_webhook import parse, verify
from wasl.shipping.types import AdapterError


@pytest.fixture(scope="module")
def vector(realdata: Path) -> dict[str, Any]:
    return json.loads((realdata / "stripe/signature_vector_derived.json").read_text())


@pytest.fixture(scope="module")
def objects(realdata: Path) -> dict[str, Any]:
    return json.loads((realdata / "stripe/fixtures3_selected_resources.json").read_text())


def event(event_type: str, obj: dict[str, Any], created: int = 1721948530) -> bytes:
    return json.dumps(
        {"id": "evt_1", "object": "event", "type": event_type, "created": created, "data": {"object": obj}}
    ).encode()


def signed(body: bytes, secret: str, at: int | None = None) -> str:
    stamp = int(time.time()) if at is None else at
    return (
        f"t={stamp},v1=" + hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    )


def test_the_derived_vector_verifies_with_the_age_check_off(vector: dict[str, Any]) -> None:
    body = vector["payload"].encode()
    assert verify(body, vector["stripe_signature_header"], vector["secret"], tolerance=None) is True


def test_the_same_vector_is_too_old_for_the_default_tolerance(vector: dict[str, Any]) -> None:
    body = vector["payload"].encode()
    assert verify(body, vector["stripe_signature_header"], vector["secret"]) is False


@pytest.mark.parametrize(
    "change",
    [
        lambda v: {**v, "secret": "whsec_other"},
        lambda v: {**v, "payload": v["payload"].replace("rdr_123", "rdr_124")},
        lambda v: {**v, "stripe_signature_header": v["stripe_signature_header"].replace("v1=", "v0=")},
        lambda v: {**v, "stripe_signature_header": "garbage"},
        lambda v: {**v, "stripe_signature_header": ""},
    ],
    ids=["other secret", "tampered body", "no v1 scheme", "malformed header", "no header"],
)
def test_anything_else_does_not_verify(vector: dict[str, Any], change: Any) -> None:
    changed = change(vector)
    body = changed["payload"].encode()
    assert verify(body, changed["stripe_signature_header"], changed["secret"], tolerance=None) is False


def test_a_fresh_signature_verifies_within_the_tolerance_and_not_after() -> None:
    body = b'{"object": "event"}'
    assert verify(body, signed(body, "whsec_x"), "whsec_x") is True
    assert verify(body, signed(body, "whsec_x", int(time.time()) - 301), "whsec_x") is False


def test_a_body_that_is_not_utf8_does_not_verify() -> None:
    body = b"\xff\xfe{}"
    assert verify(body, signed(body, "whsec_x"), "whsec_x") is False


def test_a_paid_checkout_session_of_a_payment_link_is_a_payment(objects: dict[str, Any]) -> None:
    session = {
        **objects["checkout.session"],
        "payment_link": "plink_1Pgc78B7WZ01zgkWC75kX0jg",
        "payment_status": "paid",
        "status": "complete",
        "amount_total": 24950,
        "currency": "sar",
        "metadata": {"wasl_store": "3", "wasl_order": "1001", "wasl_link": "17"},
    }
    parsed = parse(event("checkout.session.completed", session))
    assert parsed.events == (
        Paid(
            provider="stripe",
            payment_id="pi_1PgafyB7WZ01zgkWSjxsAJo3",
            amount=Decimal("249.50"),
            currency="SAR",
            paid_at=parsed.events[0].paid_at,  # type: ignore[union-attr]
            link_id="plink_1Pgc78B7WZ01zgkWC75kX0jg",
            link_pk=17,
            store_pk=3,
            order_external_id="1001",
        ),
    )
    assert parsed.events[0].paid_at.timestamp() == 1721948530  # type: ignore[union-attr]


def test_an_unpaid_session_is_ignored(objects: dict[str, Any]) -> None:
    parsed = parse(event("checkout.session.completed", objects["checkout.session"]))
    assert isinstance(parsed.events[0], Ignored)


def test_a_succeeded_payment_intent_is_a_payment(objects: dict[str, Any]) -> None:
    intent = {**objects["payment_intent"], "status": "succeeded", "amount_received": 1099}
    [paid] = parse(event("payment_intent.succeeded", intent)).events
    assert isinstance(paid, Paid)
    assert (paid.payment_id, paid.amount, paid.currency, paid.link_pk) == (
        "pi_1PgafyB7WZ01zgkWSjxsAJo3",
        Decimal("10.99"),
        "USD",
        None,
    )


def test_a_refunded_charge_carries_its_total_and_listed_refunds(objects: dict[str, Any]) -> None:
    refund = {
        "id": "re_1",
        "object": "refund",
        "amount": 40,
        "currency": "usd",
        "payment_intent": "pi_9",
        "status": "succeeded",
        "metadata": {"wasl_key": "refund:5:rest"},
    }
    charge = {
        **objects["charge"],
        "payment_intent": "pi_9",
        "amount_refunded": 40,
        "refunded": False,
        "refunds": {**objects["charge"]["refunds"], "data": [refund]},
    }
    [refunded] = parse(event("charge.refunded", charge)).events
    assert refunded == PaymentRefunded(
        provider="stripe",
        payment_id="pi_9",
        amount_refunded=Decimal("0.40"),
        currency="USD",
        refunds=(
            RefundChanged(
                provider="stripe",
                refund_id="re_1",
                payment_id="pi_9",
                status="succeeded",
                amount=Decimal("0.40"),
                currency="USD",
                idempotency_key="refund:5:rest",
            ),
        ),
    )


def test_a_deactivated_link_is_closed(objects: dict[str, Any]) -> None:
    link = {**objects["payment_link"], "active": False}
    assert parse(event("payment_link.updated", link)).events == (
        LinkChanged(provider="stripe", link_id="plink_1Pgc78B7WZ01zgkWC75kX0jg", status="cancelled"),
    )


def test_other_real_events_are_ignored(objects: dict[str, Any]) -> None:
    parsed = parse(json.dumps(objects["event"]).encode())
    assert (parsed.event_id, parsed.event_type) == ("evt_1Pgc76B7WZ01zgkWwyRHS12y", "plan.created")
    assert isinstance(parsed.events[0], Ignored)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{", "invalid_json"),
        (b"[]", "invalid_payload"),
        (b'{"object": "event", "type": "x"}', "invalid_payload"),
        (
            b'{"object": "event", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi", "currency": "usd", "amount_received": "9"}}}',
            "invalid_amount",
        ),
    ],
)
def test_malformed_bodies_are_coded_errors(body: bytes, code: str) -> None:
    with pytest.raises(AdapterError) as error:
        parse(body)
    assert error.value.code == code
