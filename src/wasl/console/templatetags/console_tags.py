"""Template filters of the console: links in chat text, amounts in the reader's language."""

from __future__ import annotations

import re
from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from wasl.core.money import format_money

register = template.Library()

# A link ends at a space or at a bidirectional isolate (the bot wraps links in those inside Arabic text).
_LINK = re.compile(r"https?://[^\s\u2066-\u2069<>\"']+")


@register.filter
def chat_text(text: str) -> SafeString:
    """Escaped text with its links clickable (left to right) and its line breaks kept."""
    escaped = escape(text or "")

    def link(match: re.Match[str]) -> str:
        url = match.group(0)
        return f'<a href="{url}" dir="ltr" rel="noopener noreferrer" target="_blank">{url}</a>'

    return mark_safe(_LINK.sub(link, escaped).replace("\n", "<br>"))  # noqa: S308 - escaped above


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    """ "249,50 SAR" or "‏249.50 ر.س.‏" as the page's language writes it."""
    if amount is None:
        return ""
    return format_money(amount, currency, get_language() or "en")
