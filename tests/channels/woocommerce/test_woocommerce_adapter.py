"""WooCommerce webhooks: base64 HMAC of the raw body, topic header, and the form-encoded activation ping."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from wasl.channels.signing import sign_base64
from wasl.channels.woocommerce import WooCommerceAdapter
from wasl.channels.woocommerce.adapter import is_ping
from wasl.shipping.types import AdapterError

ADAPTER = WooCommerceAdapter()
SECRET = "wc-webhook-secret"


def _order_body(realdata: Path) -> bytes:
    return (realdata / "woocommerce" / "wc_v3_retrieve_order_response.json").read_bytes()


def test_given_a_real_order_body_signed_by_woocommerce_when_verified_then_it_passes(realdata: Path) -> None:
    body = _order_body(realdata)
    headers = {"x-wc-webhook-signature": sign_base64(body, SECRET)}

    assert ADAPTER.verify(body, headers, SECRET) is True
    assert ADAPTER.verify(body, headers, "another-secret") is False
    assert ADAPTER.verify(body + b"\n", headers, SECRET) is False


@pytest.mark.parametrize("topic", ["order.created", "order.updated", "order.restored"])
def test_given_an_order_topic_when_parsed_then_the_order_comes_with_its_delivery_id(
    realdata: Path, topic: str
) -> None:
    headers = {
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Delivery-ID": "36e520ebabc2fa725092ff4a47acedf2",
        "X-WC-Webhook-ID": "3",
    }

    message = ADAPTER.parse(_order_body(realdata), headers)

    assert (message.kind, message.topic, message.delivery_id, message.external_id) == (
        "order",
        topic,
        "36e520ebabc2fa725092ff4a47acedf2",
        "727",
    )
    assert message.order is not None
    assert message.order.total == Decimal("29.35")


def test_given_the_unsigned_activation_ping_when_parsed_then_it_is_a_ping() -> None:
    message = ADAPTER.parse(b"webhook_id=3", {"Content-Type": "application/x-www-form-urlencoded"})

    assert (message.kind, message.topic, message.order, message.delivery_id) == ("ping", "", None, "")


def test_given_a_signed_ping_when_verified_and_parsed_then_it_verifies_and_is_a_ping() -> None:
    body = b"webhook_id=12"
    headers = {"X-WC-Webhook-Signature": sign_base64(body, SECRET), "X-WC-Webhook-Topic": "order.created"}

    assert ADAPTER.verify(body, headers, SECRET) is True
    assert ADAPTER.parse(body, headers).kind == "ping"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"webhook_id=3", True),
        (b"webhook_id=3\n", True),
        (b"webhook_id=", False),
        (b"webhook_id=3&x=1", False),
        (b'{"webhook_id": 3}', False),
        (b"\xff", False),
    ],
)
def test_only_the_exact_ping_form_is_a_ping(body: bytes, expected: bool) -> None:
    assert is_ping(body) is expected


def test_given_a_trashed_order_when_parsed_then_its_id_is_reported_as_deleted() -> None:
    message = ADAPTER.parse(
        b'{"id":727}', {"X-WC-Webhook-Topic": "order.deleted", "X-WC-Webhook-Delivery-ID": "d9"}
    )

    assert (message.kind, message.order, message.external_id, message.delivery_id) == (
        "deleted",
        None,
        "727",
        "d9",
    )


def test_given_a_topic_we_do_not_handle_when_parsed_then_it_is_ignored() -> None:
    message = ADAPTER.parse(b'{"id": 79}', {"X-WC-Webhook-Topic": "product.updated"})

    assert (message.kind, message.topic, message.order) == ("ignored", "product.updated", None)


@pytest.mark.parametrize(
    ("body", "headers", "code", "message"),
    [
        (b'{"id": 1}', {}, "missing_topic", "the X-WC-Webhook-Topic header is missing"),
        (b"<html>", {"X-WC-Webhook-Topic": "order.created"}, "invalid_json", None),
        (
            b'{"id": 727}',
            {"X-WC-Webhook-Topic": "order.created"},
            "missing_field",
            "order.currency is missing",
        ),
        (b"{}", {"X-WC-Webhook-Topic": "order.deleted"}, "missing_field", "order.id is missing"),
    ],
)
def test_given_an_unreadable_delivery_when_parsed_then_adapter_error_has_a_stable_code(
    body: bytes, headers: dict[str, str], code: str, message: str | None
) -> None:
    with pytest.raises(AdapterError) as raised:
        ADAPTER.parse(body, headers)

    assert raised.value.code == code
    if message is not None:
        assert raised.value.message == message
