"""Salla: order webhooks, signed (hex HMAC-SHA256) or carrying a shared token."""

from wasl.channels.salla.adapter import SallaAdapter

__all__ = ["SallaAdapter"]
