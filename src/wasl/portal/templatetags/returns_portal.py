"""Template filters of the returns portal."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from wasl.core.money import format_money

register = template.Library()


@register.filter
def price(amount: Decimal | None, currency: str) -> str:
    """An amount as the page's language writes it, with the currency's own decimals ("100.00", not "100.000")."""
    if amount is None:
        return ""
    return format_money(amount, currency, get_language() or "en")
