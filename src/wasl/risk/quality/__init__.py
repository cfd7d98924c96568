"""Address and phone quality: pure, fast scorers with reasons in words, and the store history they can use.

    from wasl.risk.quality import address_quality, phone_quality, QualityScore, Reason

`address_quality` and `phone_quality` touch no database. The history lookups (`address_history_for`,
`phone_history_for`) read the store's orders in a few batched queries and are imported lazily, so the scorers
can be imported before Django's apps are ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wasl.risk.quality.address import address_quality
from wasl.risk.quality.messages import LANGUAGES, MESSAGES
from wasl.risk.quality.phone import parse_phone, phone_quality
from wasl.risk.quality.types import AddressHistory, PhoneHistory, QualityScore, Reason

if TYPE_CHECKING:
    from wasl.risk.quality.history import address_history_for, phone_history_for

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "AddressHistory",
    "PhoneHistory",
    "QualityScore",
    "Reason",
    "address_history_for",
    "address_quality",
    "parse_phone",
    "phone_history_for",
    "phone_quality",
]


def __getattr__(name: str) -> Any:
    if name in ("address_history_for", "phone_history_for"):
        from wasl.risk.quality import history

        return getattr(history, name)
    raise AttributeError(name)
