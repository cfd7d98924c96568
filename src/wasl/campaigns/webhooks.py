"""Checkout webhooks: /webhooks/shopify-checkouts/<store>/ (Shopify's checkouts/create and checkouts/update)
and /webhooks/woocommerce-checkouts/<store>/ (the cart in Wasl's checkout form, signed). Each is signed with
its platform's webhook secret (shopify.webhook_secret, woocommerce.webhook_secret), stored raw and applied
by the inbound-webhook task like every other source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from wasl.campaigns.checkouts import checkout_upsert
from wasl.campaigns.types import CheckoutData
from wasl.channels.shopify.checkouts import ShopifyCheckoutAdapter
from wasl.channels.woocommerce.checkouts import WooCommerceCheckoutAdapter
from wasl.stores.models import Store


class _CheckoutAdapter(Protocol):
    name: str

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool: ...

    def parse(self, body: bytes, headers: Mapping[str, str]) -> CheckoutData | None: ...


_ADAPTERS: dict[str, _CheckoutAdapter] = {
    "shopify-checkouts": ShopifyCheckoutAdapter(),
    "woocommerce-checkouts": WooCommerceCheckoutAdapter(),
}
SOURCES = tuple(_ADAPTERS)


class CheckoutSource:
    """What `webhooks` needs of a checkout source: verify, parse (to refuse a bad body at once), apply."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.platform = _ADAPTERS[name].name  # whose webhook secret signs it
        self._adapter = _ADAPTERS[name]

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        return self._adapter.verify(body, headers, secret)

    def parse(self, body: bytes, headers: Mapping[str, str]) -> CheckoutData | None:
        return self._adapter.parse(body, headers)

    def apply(self, *, store: Store, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
        data = self._adapter.parse(body, headers)
        if data is None:
            return {"kind": "ignored"}
        checkout, result = checkout_upsert(store=store, data=data)
        return {"kind": "checkout", "external_id": checkout.external_id, "result": result}
