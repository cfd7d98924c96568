"""The shared message type and header lookup."""

from __future__ import annotations

import pytest

from wasl.channels.base import KIND_DELETED, KIND_IGNORED, MESSAGE_KINDS, deleted, header_value, ignored


@pytest.mark.parametrize("name", ["X-Shopify-Topic", "x-shopify-topic", "X-SHOPIFY-TOPIC"])
def test_given_any_case_of_a_header_name_when_looked_up_then_the_value_is_found_stripped(name: str) -> None:
    headers = {"x-Shopify-topic": "  orders/create \n"}

    assert header_value(headers, name) == "orders/create"


def test_given_no_such_header_when_looked_up_then_the_value_is_empty() -> None:
    assert header_value({"Content-Type": "application/json"}, "X-WC-Webhook-Topic") == ""


def test_given_a_deletion_when_built_then_it_names_the_order_and_carries_no_order_data() -> None:
    message = deleted("orders/delete", "820982911946154508", "d-1")

    assert (message.kind, message.topic, message.order, message.delivery_id, message.external_id) == (
        KIND_DELETED,
        "orders/delete",
        None,
        "d-1",
        "820982911946154508",
    )


def test_given_an_unhandled_topic_when_built_then_it_is_ignored_without_order() -> None:
    message = ignored("products/create", "")

    assert (message.kind, message.order, message.external_id) == (KIND_IGNORED, None, "")


def test_the_message_kinds_are_the_four_documented_ones() -> None:
    assert MESSAGE_KINDS == ("order", "ping", "ignored", "deleted")
