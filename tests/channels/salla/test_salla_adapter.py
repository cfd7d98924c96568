"""Salla webhooks: the event in the body, a hex HMAC signature or a shared token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wasl.channels.salla import SallaAdapter
from wasl.channels.signing import sign_hex
from wasl.shipping.types import AdapterError

ADAPTER = SallaAdapter()
SECRET = "salla-webhook-secret"
FIXTURES = Path(__file__).parent / "fixtures"
CREATED = (FIXTURES / "order_created_cod.json").read_bytes()
STATUS_UPDATED = (FIXTURES / "order_status_updated.json").read_bytes()


def _with_event(event: str) -> bytes:
    envelope = json.loads(CREATED)
    envelope["event"] = event
    return json.dumps(envelope).encode()


def test_given_the_signature_strategy_when_the_hex_hmac_matches_then_it_verifies() -> None:
    headers = {
        "X-Salla-Security-Strategy": "Signature",
        "X-Salla-Signature": sign_hex(CREATED, SECRET),
    }

    assert ADAPTER.verify(CREATED, headers, SECRET) is True
    assert ADAPTER.verify(CREATED, headers, "wrong") is False
    assert ADAPTER.verify(CREATED.replace(b"247.25", b"247.26"), headers, SECRET) is False


def test_given_no_strategy_header_when_verified_then_the_signature_is_checked() -> None:
    assert ADAPTER.verify(CREATED, {"x-salla-signature": sign_hex(CREATED, SECRET)}, SECRET) is True
    assert ADAPTER.verify(CREATED, {}, SECRET) is False


def test_given_the_token_strategy_when_the_bearer_token_is_the_secret_then_it_verifies() -> None:
    headers = {"x-salla-security-strategy": "Token", "authorization": f"Bearer {SECRET}"}

    assert ADAPTER.verify(CREATED, headers, SECRET) is True
    assert ADAPTER.verify(CREATED, {**headers, "authorization": "Bearer guess"}, SECRET) is False
    assert ADAPTER.verify(CREATED, {"x-salla-security-strategy": "Token"}, SECRET) is False


def test_given_order_created_when_parsed_then_the_order_comes_without_delivery_id() -> None:
    message = ADAPTER.parse(CREATED, {})

    assert (message.kind, message.topic, message.delivery_id, message.external_id) == (
        "order",
        "order.created",
        "",
        "1839204715",
    )
    assert message.order is not None
    assert message.order.cancelled is False


@pytest.mark.parametrize("event", ["order.updated", "order.created"])
def test_given_an_order_change_when_parsed_then_the_order_is_read_from_data(event: str) -> None:
    message = ADAPTER.parse(_with_event(event), {})

    assert (message.kind, message.topic, message.external_id) == ("order", event, "1839204715")


def test_given_order_cancelled_when_parsed_then_the_order_is_cancelled_whatever_its_status_slug() -> None:
    message = ADAPTER.parse(_with_event("order.cancelled"), {})

    assert message.order is not None
    assert (message.kind, message.order.cancelled) == ("order", True)


def test_given_a_status_update_when_parsed_then_the_wrapped_order_is_read() -> None:
    message = ADAPTER.parse(STATUS_UPDATED, {})

    assert message.order is not None
    assert (message.kind, message.topic, message.external_id, message.order.number) == (
        "order",
        "order.status.updated",
        "1839204716",
        "73120459",
    )
    assert message.order.cancelled is True  # its status slug is "canceled"


def test_given_order_deleted_when_parsed_then_its_id_is_reported() -> None:
    body = b'{"event": "order.deleted", "merchant": 1928374650, "data": {"id": 1839204715}}'

    message = ADAPTER.parse(body, {})

    assert (message.kind, message.order, message.external_id) == ("deleted", None, "1839204715")


@pytest.mark.parametrize("event", ["app.installed", "product.created", "order.shipment.created"])
def test_given_an_event_we_do_not_handle_when_parsed_then_it_is_ignored(event: str) -> None:
    body = json.dumps({"event": event, "merchant": 1, "data": {"id": 5}}).encode()

    message = ADAPTER.parse(body, {})

    assert (message.kind, message.topic, message.order) == ("ignored", event, None)


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (b'{"merchant": 1, "data": {}}', "missing_topic", "the body has no event name"),
        (
            b'{"event": "order.created", "data": []}',
            "invalid_payload",
            "order.created: data is not an object",
        ),
        (
            b'{"event": "order.status.updated", "data": {"id": 1}}',
            "invalid_payload",
            "order.status.updated: data.order is not an object",
        ),
        (b'{"event": "order.created", "data": {"id": 1}}', "missing_field", "order.currency is missing"),
        (b"event=order.created", "invalid_json", "the body is not JSON: Expecting value at character 0"),
    ],
)
def test_given_an_unreadable_delivery_when_parsed_then_adapter_error_has_a_stable_code(
    body: bytes, code: str, message: str
) -> None:
    with pytest.raises(AdapterError) as raised:
        ADAPTER.parse(body, {})

    assert (raised.value.code, raised.value.message) == (code, message)
