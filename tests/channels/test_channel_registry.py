"""Finding an adapter by the slug in the webhook URL."""

from __future__ import annotations

import pytest

from wasl.channels.registry import channel_names, get_channel_adapter
from wasl.channels.salla import SallaAdapter
from wasl.channels.shopify import ShopifyAdapter
from wasl.channels.woocommerce import WooCommerceAdapter


def test_the_registry_lists_every_shop_platform_sorted() -> None:
    assert channel_names() == ("salla", "shopify", "woocommerce")


@pytest.mark.parametrize(
    ("name", "adapter_type", "signature_header"),
    [
        ("shopify", ShopifyAdapter, "X-Shopify-Hmac-Sha256"),
        ("woocommerce", WooCommerceAdapter, "X-WC-Webhook-Signature"),
        ("salla", SallaAdapter, "X-Salla-Signature"),
    ],
)
def test_given_a_known_slug_when_looked_up_then_its_adapter_comes_back(
    name: str, adapter_type: type, signature_header: str
) -> None:
    adapter = get_channel_adapter(name)

    assert isinstance(adapter, adapter_type)
    assert (adapter.name, adapter.signature_header) == (name, signature_header)


def test_given_an_unknown_slug_when_looked_up_then_key_error_lists_the_known_ones() -> None:
    with pytest.raises(KeyError) as raised:
        get_channel_adapter("magento")

    assert (
        raised.value.args[0] == "no shop-platform adapter named 'magento'; known: salla, shopify, woocommerce"
    )
