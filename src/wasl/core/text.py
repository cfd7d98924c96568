"""Text from outside made safe to store: PostgreSQL refuses NUL characters, and columns have widths."""

from __future__ import annotations


def db_text(value: str, limit: int | None = None) -> str:
    cleaned = value.replace("\x00", "") if "\x00" in value else value
    return cleaned[:limit] if limit is not None else cleaned


def has_nul(value: str) -> bool:
    return "\x00" in value
