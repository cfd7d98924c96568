"""WooCommerce order webhooks, and the form-encoded ping it sends when a webhook is saved."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs

from wasl.channels.base import KIND_PING, ChannelMessage, deleted, header_value, ignored, order_message
from wasl.channels.payload import MISSING_TOPIC, load_json_object, required, text
from wasl.channels.signing import matches_base64
from wasl.channels.woocommerce.mapper import map_order
from wasl.shipping.types import AdapterError

TOPIC_HEADER = "X-WC-Webhook-Topic"
DELIVERY_HEADER = "X-WC-Webhook-Delivery-ID"
ORDER_TOPICS = frozenset({"order.created", "order.updated", "order.restored"})
DELETE_TOPIC = "order.deleted"  # sent when an order is trashed; the body is just {"id": ...}


class WooCommerceAdapter:
    name = "woocommerce"
    signature_header = "X-WC-Webhook-Signature"

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        return matches_base64(body, secret, header_value(headers, self.signature_header))

    def parse(self, body: bytes, headers: Mapping[str, str]) -> ChannelMessage:
        topic = header_value(headers, TOPIC_HEADER).lower()
        delivery_id = header_value(headers, DELIVERY_HEADER)
        if is_ping(body):
            return ChannelMessage(kind=KIND_PING, topic=topic, order=None, delivery_id=delivery_id)
        if not topic:
            raise AdapterError(MISSING_TOPIC, f"the {TOPIC_HEADER} header is missing")
        if topic in ORDER_TOPICS:
            return order_message(topic, map_order(load_json_object(body)), delivery_id)
        if topic == DELETE_TOPIC:
            external_id = text(required(load_json_object(body), "id", "order"))
            return deleted(topic, external_id, delivery_id)
        return ignored(topic, delivery_id)


def is_ping(body: bytes) -> bool:
    """The activation ping: the form body `webhook_id=<id>`, sent without topic or signature headers.

    WooCommerce only keeps the webhook active if this request gets a 200, so the receiving view may answer a
    body for which this is true with 200 even when it carries no signature, and do nothing else with it.
    """
    try:
        fields = parse_qs(body.decode("ascii").strip(), strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return False
    return set(fields) == {"webhook_id"} and all(value.isdigit() for value in fields["webhook_id"])
