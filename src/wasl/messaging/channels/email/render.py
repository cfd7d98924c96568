"""An e-mail's subject, plain text and HTML alternative for one outgoing message.

The HTML is deliberately plain: the text escaped, paragraphs and line breaks kept, links made clickable, and
the whole written right to left for Arabic and other RTL languages. E-mail has no reply buttons; a message
meant to be answered by e-mail should carry links in its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, linebreaks, urlize

from wasl.messaging.channels.types import OutgoingMessage

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
SUBJECT_LIMIT = 120


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def is_rtl(language: str) -> bool:
    return language.split("-")[0].split("_")[0].lower() in RTL_LANGUAGES


def subject_for(message: OutgoingMessage) -> str:
    """The subject, else the header, else the text's first line; always one line (headers cannot break)."""
    first_line = next((line for line in message.text.splitlines() if line.strip()), "")
    raw = message.subject or message.header or first_line
    one_line = " ".join(raw.split())
    return one_line if len(one_line) <= SUBJECT_LIMIT else one_line[: SUBJECT_LIMIT - 1].rstrip() + "…"


def _paragraphs(text: str) -> str:
    # urlize escapes the text and returns safe markup, so linebreaks must not escape it again.
    return linebreaks(urlize(text, nofollow=True, autoescape=True), autoescape=False)


def render(message: OutgoingMessage) -> RenderedEmail:
    parts = [part.strip() for part in (message.header, message.text, message.footer)]
    text = "\n\n".join(part for part in parts if part)
    language = escape(message.language or "en")
    direction = "rtl" if is_rtl(message.language) else "ltr"
    align = "right" if direction == "rtl" else "left"
    subject = subject_for(message)
    body = []
    if parts[0]:
        body.append(f'<h1 style="font-size:20px">{escape(parts[0])}</h1>')
    if parts[1]:
        body.append(_paragraphs(parts[1]))
    if parts[2]:
        body.append(f'<div style="color:#666666;font-size:13px">{_paragraphs(parts[2])}</div>')
    html = (
        f'<!DOCTYPE html>\n<html lang="{language}" dir="{direction}">\n<head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head>\n"
        f'<body dir="{direction}" style="font-family:Arial,Tahoma,sans-serif;line-height:1.5;text-align:{align}">\n'
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    return RenderedEmail(subject=subject, text=text, html=html)
