"""A Shopify checkout (checkouts/create and checkouts/update webhooks) read into CheckoutData.

Shopify sends the checkout's full current state each time: id, token, cart_token, email, phone,
abandoned_checkout_url, line_items, total_price, currency, completed_at, customer and the addresses.
`buyer_accepts_marketing` is the buyer's own tick at checkout.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wasl.campaigns.types import CheckoutData, CheckoutLine
from wasl.channels.base import header_value
from wasl.channels.payload import (
    MISSING_TOPIC,
    amount,
    currency_code,
    first_text,
    full_name,
    iso_datetime,
    load_json_object,
    mapping,
    optional_iso_datetime,
    quantity,
    required,
    sequence,
    text,
)
from wasl.channels.signing import matches_base64
from wasl.shipping.types import AdapterError

TOPIC_HEADER = "X-Shopify-Topic"
CHECKOUT_TOPICS = frozenset({"checkouts/create", "checkouts/update"})
_LANGUAGES = ("ar", "fr", "en")


def map_checkout(checkout: dict[str, Any]) -> CheckoutData:
    external_id = text(required(checkout, "id", "checkout"))
    currency = currency_code(
        checkout.get("presentment_currency") or checkout.get("currency"), "checkout.currency"
    )
    customer = mapping(checkout.get("customer"))
    shipping = mapping(checkout.get("shipping_address"))
    billing = mapping(checkout.get("billing_address"))
    locale = text(checkout.get("customer_locale")).lower()[:2]
    marketing = checkout.get("buyer_accepts_marketing")
    updated = checkout.get("updated_at") or checkout.get("created_at")
    lines = tuple(
        CheckoutLine(
            name=full_name(item.get("title"), item.get("variant_title")) or text(item.get("name")),
            quantity=quantity(item.get("quantity"), f"checkout.line_items[{i}].quantity") or 1,
            unit_price=amount(item.get("price"), currency, f"checkout.line_items[{i}].price"),
            sku=text(item.get("sku")),
            product_external_id=text(item.get("product_id")),
            image_url=first_text(mapping(item.get("image")).get("src"), item.get("image_url")),
        )
        for i, item in enumerate(mapping(x) for x in sequence(checkout.get("line_items")))
    )
    return CheckoutData(
        source="shopify",
        external_id=external_id,
        token=text(checkout.get("token")),
        cart_token=text(checkout.get("cart_token")),
        currency=currency,
        total=amount(checkout.get("total_price"), currency, "checkout.total_price"),
        updated_at=iso_datetime(updated, "checkout.updated_at"),
        name=first_text(
            full_name(customer.get("first_name"), customer.get("last_name")),
            full_name(shipping.get("first_name"), shipping.get("last_name")),
            full_name(billing.get("first_name"), billing.get("last_name")),
        ),
        phone=first_text(
            checkout.get("phone"), shipping.get("phone"), customer.get("phone"), billing.get("phone")
        ),
        email=first_text(checkout.get("email"), customer.get("email")),
        country=first_text(shipping.get("country_code"), billing.get("country_code")).upper()[:2],
        language=locale if locale in _LANGUAGES else "",
        recovery_url=text(checkout.get("abandoned_checkout_url")),
        lines=lines,
        completed_at=optional_iso_datetime(checkout.get("completed_at"), "checkout.completed_at"),
        accepts_marketing=marketing if isinstance(marketing, bool) else None,
    )


class ShopifyCheckoutAdapter:
    """Shopify's checkout webhooks, signed like its order webhooks (the app's shared secret)."""

    name = "shopify"
    signature_header = "X-Shopify-Hmac-Sha256"

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        return matches_base64(body, secret, header_value(headers, self.signature_header))

    def parse(self, body: bytes, headers: Mapping[str, str]) -> CheckoutData | None:
        """The checkout, or None for another topic (acknowledged, nothing done)."""
        topic = header_value(headers, TOPIC_HEADER).lower()
        if not topic:
            raise AdapterError(MISSING_TOPIC, f"the {TOPIC_HEADER} header is missing")
        if topic not in CHECKOUT_TOPICS:
            return None
        return map_checkout(load_json_object(body))
