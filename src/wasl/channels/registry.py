"""Which shop-platform adapters exist, by the slug used in webhook URLs."""

from __future__ import annotations

from wasl.channels.base import ChannelAdapter
from wasl.channels.salla import SallaAdapter
from wasl.channels.shopify import ShopifyAdapter
from wasl.channels.woocommerce import WooCommerceAdapter

_ADAPTERS: dict[str, ChannelAdapter] = {
    adapter.name: adapter for adapter in (ShopifyAdapter(), WooCommerceAdapter(), SallaAdapter())
}


def get_channel_adapter(name: str) -> ChannelAdapter:
    """The adapter for a webhook URL's slug; KeyError when no platform has that name."""
    try:
        return _ADAPTERS[name]
    except KeyError:
        raise KeyError(
            f"no shop-platform adapter named {name!r}; known: {', '.join(channel_names())}"
        ) from None


def channel_names() -> tuple[str, ...]:
    return tuple(sorted(_ADAPTERS))
