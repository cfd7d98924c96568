"""Salla order webhooks: `{"event": ..., "merchant": ..., "created_at": ..., "data": {...}}`.

Salla signs with one of two strategies, named in X-Salla-Security-Strategy: "Signature" (the default, hex
HMAC-SHA256 of the raw body in X-Salla-Signature) or "Token" (the secret itself, sent as
`Authorization: Bearer <token>`). Both are checked against the same stored secret.
"""

from __future__ import annotations

from collections.abc import Mapping

from wasl.channels.base import ChannelMessage, deleted, header_value, ignored, order_message
from wasl.channels.payload import INVALID_PAYLOAD, MISSING_TOPIC, load_json_object, mapping, required, text
from wasl.channels.salla.mapper import map_order
from wasl.channels.signing import matches_hex, matches_token
from wasl.shipping.types import AdapterError

STRATEGY_HEADER = "X-Salla-Security-Strategy"
TOKEN_HEADER = "Authorization"  # noqa: S105 - a header name, not a secret
ORDER_EVENTS = frozenset({"order.created", "order.updated", "order.status.updated", "order.cancelled"})
DELETE_EVENT = "order.deleted"


class SallaAdapter:
    name = "salla"
    signature_header = "X-Salla-Signature"

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        if header_value(headers, STRATEGY_HEADER).lower() == "token":
            token = header_value(headers, TOKEN_HEADER)
            return matches_token(secret, token.removeprefix("Bearer ").removeprefix("bearer "))
        return matches_hex(body, secret, header_value(headers, self.signature_header))

    def parse(self, body: bytes, headers: Mapping[str, str]) -> ChannelMessage:
        envelope = load_json_object(body)
        event = text(envelope.get("event")).lower()
        if not event:
            raise AdapterError(MISSING_TOPIC, "the body has no event name")
        if event not in ORDER_EVENTS and event != DELETE_EVENT:
            return ignored(event, "")
        data = envelope.get("data")
        if not isinstance(data, dict):
            raise AdapterError(INVALID_PAYLOAD, f"{event}: data is not an object")
        if event == DELETE_EVENT:
            return deleted(event, text(required(data, "id", "data")), "")
        # order.status.updated wraps the order: data is the status change, data.order the order itself.
        order = mapping(data.get("order")) if event == "order.status.updated" else data
        if not order:
            raise AdapterError(INVALID_PAYLOAD, f"{event}: data.order is not an object")
        return order_message(event, map_order(order, cancelled=event == "order.cancelled"), "")
