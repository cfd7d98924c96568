"""Webhooks for campaigns: /webhooks/shopify-checkouts/<store>/ (Shopify's checkouts/create and
checkouts/update), /webhooks/woocommerce-checkouts/<store>/ (the cart in Wasl's checkout form, signed) and
/webhooks/shopify-products/<store>/ (products/create and products/update: pictures and descriptions for
launches). Each is signed with its platform's webhook secret (shopify.webhook_secret,
woocommerce.webhook_secret), stored raw and applied by the inbound-webhook task like every other source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from wasl.campaigns.checkouts import checkout_upsert
from wasl.campaigns.products import map_shopify_product, product_details_set
from wasl.campaigns.types import CheckoutData
from wasl.channels.base import header_value
from wasl.channels.payload import load_json_object, required
from wasl.channels.shopify.checkouts import TOPIC_HEADER, ShopifyCheckoutAdapter
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
PRODUCTS = "shopify-products"
PRODUCT_TOPICS = frozenset({"products/create", "products/update"})
SOURCES = (*_ADAPTERS, PRODUCTS)


class CheckoutSource:
    """What `webhooks` needs of a source: verify, parse (to refuse a bad body at once), apply."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._adapter = _ADAPTERS["shopify-checkouts" if name == PRODUCTS else name]
        self.platform = self._adapter.name  # whose webhook secret signs it

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        return self._adapter.verify(body, headers, secret)

    def parse(self, body: bytes, headers: Mapping[str, str]) -> object:
        if self.name == PRODUCTS:
            return self._product(body, headers)
        return self._adapter.parse(body, headers)

    def _product(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any] | None:
        if header_value(headers, TOPIC_HEADER).lower() not in PRODUCT_TOPICS:
            return None
        product = load_json_object(body)
        required(product, "id", "product")
        return product

    def apply(self, *, store: Store, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
        if self.name == PRODUCTS:
            product = self._product(body, headers)
            if product is None:
                return {"kind": "ignored"}
            details = product_details_set(store=store, data=map_shopify_product(product, store.currency))
            return {"kind": "product", "external_id": details.product.external_id}
        data = self._adapter.parse(body, headers)
        if data is None:
            return {"kind": "ignored"}
        checkout, result = checkout_upsert(store=store, data=data)
        return {"kind": "checkout", "external_id": checkout.external_id, "result": result}
