"""What every shop-platform adapter offers: signature checking on the raw body and a parse into our types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from wasl.orders.types import OrderData

KIND_ORDER = "order"  # an order was created or changed: `order` holds its full current state
KIND_PING = "ping"  # the platform checks that the endpoint answers; nothing to do but say 200
KIND_IGNORED = "ignored"  # a topic we do not handle; acknowledge it so the platform does not retry
KIND_DELETED = "deleted"  # the platform removed the order and sent only its id (`external_id`)
MESSAGE_KINDS = (KIND_ORDER, KIND_PING, KIND_IGNORED, KIND_DELETED)


@dataclass(frozen=True, slots=True)
class ChannelMessage:
    """One webhook delivery, read.

    `delivery_id` is the platform's id for this delivery when it sends one (retries of a delivery keep it),
    else "". `external_id` names the order for every kind that concerns one, including "deleted" where
    `order` is None because the platform sends nothing but the id.
    """

    kind: str
    topic: str
    order: OrderData | None
    delivery_id: str
    external_id: str = ""


class ChannelAdapter(Protocol):
    name: str  # the slug in webhook URLs: /webhooks/<name>/<store-slug>/
    signature_header: str

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        """True when `body`, exactly as received, was signed with `secret`. Header names ignore case."""
        ...

    def parse(self, body: bytes, headers: Mapping[str, str]) -> ChannelMessage:
        """Read a delivery; raises AdapterError(code, message) when it cannot."""
        ...


def header_value(headers: Mapping[str, str], name: str) -> str:
    """A header's value whatever the case of its name (servers and proxies differ), stripped; "" if absent."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return (value or "").strip()
    return ""


def ignored(topic: str, delivery_id: str) -> ChannelMessage:
    return ChannelMessage(kind=KIND_IGNORED, topic=topic, order=None, delivery_id=delivery_id)


def order_message(topic: str, order: OrderData, delivery_id: str) -> ChannelMessage:
    return ChannelMessage(
        kind=KIND_ORDER, topic=topic, order=order, delivery_id=delivery_id, external_id=order.external_id
    )


def deleted(topic: str, external_id: str, delivery_id: str) -> ChannelMessage:
    return ChannelMessage(
        kind=KIND_DELETED, topic=topic, order=None, delivery_id=delivery_id, external_id=external_id
    )
