"""Which adapter reads which webhook source: shop platforms bring orders, carriers bring tracking scans."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wasl.campaigns.webhooks import SOURCES as CHECKOUT_SOURCES
from wasl.campaigns.webhooks import CheckoutSource
from wasl.carriers.registry import carrier_names, get_carrier_adapter
from wasl.channels.registry import channel_names, get_channel_adapter
from wasl.messaging.webhooks import SOURCES as MESSAGING_SOURCES
from wasl.messaging.webhooks import MessagingSource
from wasl.payments.webhooks import SOURCES as PAYMENT_SOURCES
from wasl.payments.webhooks import PaymentSource

# Headers that carry a sender's own id for one delivery; a retry of the same delivery repeats it.
DELIVERY_ID_HEADERS = (
    "x-shopify-webhook-id",
    "x-wc-webhook-delivery-id",
    "x-salla-event-id",
    "aftership-webhook-id",
    "x-wasl-delivery-id",
    "x-razorpay-event-id",
)
TOPIC_HEADERS = ("x-shopify-topic", "x-wc-webhook-topic", "x-salla-event")


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # "channel", "carrier", "messaging", "payment" or "campaigns"
    adapter: Any
    secret_of: str = ""  # whose webhook secret signs it, when not its own name's

    @property
    def secret_key(self) -> str:
        return f"{self.secret_of or self.name}.webhook_secret"


def source_get(name: str) -> Source | None:
    if name in MESSAGING_SOURCES:
        return Source(name, "messaging", MessagingSource(name))
    if name in PAYMENT_SOURCES:
        return Source(name, "payment", PaymentSource(name))
    if name in CHECKOUT_SOURCES:  # abandoned carts and product details, for campaigns (campaigns.webhooks)
        checkouts = CheckoutSource(name)
        return Source(name, "campaigns", checkouts, secret_of=checkouts.platform)
    if name in channel_names():
        return Source(name, "channel", get_channel_adapter(name))
    if name in carrier_names():
        return Source(name, "carrier", get_carrier_adapter(name))
    return None


def first_header(headers: Mapping[str, str], names: tuple[str, ...]) -> str:
    for name in names:
        if value := headers.get(name, ""):
            return value.strip()[:100]
    return ""
