"""WooCommerce checkouts. WooCommerce has no abandoned-cart webhook, so the store posts the cart in Wasl's
checkout form (see campaigns.api_form) from a hook on its checkout page, signed like WooCommerce's own
webhooks: base64 HMAC-SHA256 of the body in X-WC-Webhook-Signature, with woocommerce.webhook_secret."""

from __future__ import annotations

from collections.abc import Mapping

from wasl.campaigns.api_form import map_api_checkout
from wasl.campaigns.types import CheckoutData
from wasl.channels.base import header_value
from wasl.channels.payload import load_json_object
from wasl.channels.signing import matches_base64


class WooCommerceCheckoutAdapter:
    name = "woocommerce"
    signature_header = "X-WC-Webhook-Signature"

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        return matches_base64(body, secret, header_value(headers, self.signature_header))

    def parse(self, body: bytes, headers: Mapping[str, str]) -> CheckoutData | None:
        return map_api_checkout(load_json_object(body), source="woocommerce")
