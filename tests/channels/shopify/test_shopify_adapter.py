"""Shopify webhooks: signature on the raw body, topic from the header, delivery id for de-duplication."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wasl.channels.shopify import ShopifyAdapter
from wasl.channels.signing import sign_base64
from wasl.shipping.types import AdapterError

ADAPTER = ShopifyAdapter()
SECRET = "test-webhook-secret"
VECTOR_BODY = b'{"id":1234567890,"email":"customer@example.com","total_price":"123.45"}'
VECTOR_SIGNATURE = "QNyObTlKbMx2qDlPF/ZOZcBqg5OgPg+2oky3zldc0Gw="
COD_ORDER = Path(__file__).parent / "fixtures" / "orders_create_cod_morocco.json"


def test_given_the_published_test_vector_when_verified_then_it_passes() -> None:
    assert ADAPTER.verify(VECTOR_BODY, {"X-Shopify-Hmac-Sha256": VECTOR_SIGNATURE}, SECRET) is True


def test_given_lowercase_header_names_when_verified_then_it_still_passes() -> None:
    assert ADAPTER.verify(VECTOR_BODY, {"x-shopify-hmac-sha256": VECTOR_SIGNATURE}, SECRET) is True


def test_given_a_body_reserialised_after_parsing_when_verified_then_it_fails() -> None:
    reserialised = json.dumps(json.loads(VECTOR_BODY)).encode()  # spaces after ":" change the bytes

    assert ADAPTER.verify(reserialised, {"X-Shopify-Hmac-Sha256": VECTOR_SIGNATURE}, SECRET) is False


def test_given_no_signature_header_when_verified_then_it_fails() -> None:
    assert ADAPTER.verify(VECTOR_BODY, {"X-Shopify-Topic": "orders/create"}, SECRET) is False


@pytest.mark.parametrize(
    "topic", ["orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled"]
)
def test_given_an_order_topic_when_parsed_then_the_order_comes_with_topic_and_delivery_id(topic: str) -> None:
    body = COD_ORDER.read_bytes()
    headers = {"x-shopify-topic": topic, "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"}

    message = ADAPTER.parse(body, headers)

    assert (message.kind, message.topic, message.delivery_id) == (
        "order",
        topic,
        "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    )
    assert message.order is not None
    assert message.external_id == message.order.external_id == "7361025493018234561"


def test_given_a_signed_fixture_when_verified_and_parsed_then_both_agree() -> None:
    body = COD_ORDER.read_bytes()
    headers = {"X-Shopify-Hmac-Sha256": sign_base64(body, SECRET), "X-Shopify-Topic": "orders/create"}

    assert ADAPTER.verify(body, headers, SECRET) is True
    assert ADAPTER.parse(body, headers).kind == "order"


def test_given_an_order_deletion_when_parsed_then_only_the_id_is_reported() -> None:
    message = ADAPTER.parse(b'{"id":820982911946154508}', {"X-Shopify-Topic": "orders/delete"})

    assert (message.kind, message.order, message.external_id) == ("deleted", None, "820982911946154508")


def test_given_a_topic_we_do_not_handle_when_parsed_then_it_is_ignored_without_reading_the_body() -> None:
    message = ADAPTER.parse(
        b"not even json", {"X-Shopify-Topic": "products/update", "X-Shopify-Webhook-Id": "w1"}
    )

    assert (message.kind, message.topic, message.order, message.delivery_id) == (
        "ignored",
        "products/update",
        None,
        "w1",
    )


@pytest.mark.parametrize(
    ("body", "headers", "code", "message"),
    [
        (b"{}", {}, "missing_topic", "the X-Shopify-Topic header is missing"),
        (b"{oops", {"X-Shopify-Topic": "orders/create"}, "invalid_json", None),
        (b"[]", {"X-Shopify-Topic": "orders/create"}, "invalid_payload", "expected a JSON object, got list"),
        (b"{}", {"X-Shopify-Topic": "orders/create"}, "missing_field", "order.id is missing"),
        (b"{}", {"X-Shopify-Topic": "orders/delete"}, "missing_field", "order.id is missing"),
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
