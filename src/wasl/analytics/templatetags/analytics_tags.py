"""Filters for the analytics pages: rates as percentages, in the page's language."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(rate: float | None, decimals: int = 1) -> str:
    """0.1234 -> "12.3%" ("12,3 %" in French); nothing known -> "–"."""
    if rate is None:
        return "–"
    return f"{number_format(round(rate * 100, decimals), decimals)}%"


@register.filter
def signed_pct(rate: float | None, decimals: int = 1) -> str:
    """A difference of rates with its sign: "-4.0%", "+1.5%"."""
    if rate is None:
        return "–"
    sign = "+" if rate > 0 else ("−" if rate < 0 else "")
    return f"{sign}{number_format(round(abs(rate) * 100, decimals), decimals)}%"
