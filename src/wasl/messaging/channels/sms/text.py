"""What an SMS says for a message written for richer channels.

SMS has no buttons, lists or templates. A message with buttons or list rows is sent as its text followed by the
choices numbered from 1 ("1. Confirm"), and the buyer answers with the number; `numbered_choice` reads that
answer back (Western and Arabic-Indic digits alike). A template message must carry its rendered wording in
`text`: the template itself only exists on WhatsApp.
"""

from __future__ import annotations

from collections.abc import Sequence

from wasl.messaging.channels.types import OutgoingMessage

# Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹, used in Persian and Urdu) digits as buyers type them.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def choice_titles(message: OutgoingMessage) -> tuple[str, ...]:
    """The titles the buyer chooses from, in the order they are numbered."""
    if message.buttons:
        return tuple(button.title for button in message.buttons)
    return tuple(row.title for row in message.rows)


def render_text(message: OutgoingMessage) -> str:
    """Header, text, numbered choices and footer, separated by blank lines; empty parts are left out."""
    choices = "\n".join(f"{number}. {title}" for number, title in enumerate(choice_titles(message), start=1))
    parts = (message.header, message.text, choices, message.footer)
    return "\n\n".join(part.strip() for part in parts if part.strip())


def numbered_choice(reply: str, options: Sequence[str]) -> int | None:
    """The 0-based index of the option a reply like "2", " ٢ " or "2." picks, or None when it picks none."""
    cleaned = reply.strip().translate(_DIGITS).rstrip(".)")
    if not cleaned.isdecimal():
        return None
    number = int(cleaned)
    return number - 1 if 1 <= number <= len(options) else None
