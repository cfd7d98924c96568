"""WooCommerce: order webhooks signed with the webhook's secret, and the activation ping."""

from wasl.channels.woocommerce.adapter import WooCommerceAdapter

__all__ = ["WooCommerceAdapter"]
