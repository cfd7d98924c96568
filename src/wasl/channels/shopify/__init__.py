"""Shopify: order webhooks, HMAC-signed with the app's client secret."""

from wasl.channels.shopify.adapter import ShopifyAdapter

__all__ = ["ShopifyAdapter"]
