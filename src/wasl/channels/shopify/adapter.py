"""Shopify order webhooks: the topic comes in X-Shopify-Topic, the signature in X-Shopify-Hmac-Sha256."""

from __future__ import annotations

from collections.abc import Mapping

from wasl.channels.base import ChannelMessage, deleted, header_value, ignored, order_message
from wasl.channels.payload import MISSING_TOPIC, load_json_object, required, text
from wasl.channels.shopify.mapper import map_order
from wasl.channels.signing import matches_base64
from wasl.shipping.types import AdapterError

TOPIC_HEADER = "X-Shopify-Topic"
DELIVERY_HEADER = "X-Shopify-Webhook-Id"  # the same on every retry of one delivery
ORDER_TOPICS = frozenset(
    {"orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled"}
)
DELETE_TOPIC = "orders/delete"  # the body is just {"id": ...}


class ShopifyAdapter:
    name = "shopify"
    signature_header = "X-Shopify-Hmac-Sha256"

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        return matches_base64(body, secret, header_value(headers, self.signature_header))

    def parse(self, body: bytes, headers: Mapping[str, str]) -> ChannelMessage:
        topic = header_value(headers, TOPIC_HEADER).lower()
        delivery_id = header_value(headers, DELIVERY_HEADER)
        if not topic:
            raise AdapterError(MISSING_TOPIC, f"the {TOPIC_HEADER} header is missing")
        if topic in ORDER_TOPICS:
            return order_message(topic, map_order(load_json_object(body)), delivery_id)
        if topic == DELETE_TOPIC:
            external_id = text(required(load_json_object(body), "id", "order"))
            return deleted(topic, external_id, delivery_id)
        return ignored(topic, delivery_id)
