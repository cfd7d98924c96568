"""Whether a Shopify order is cash on delivery.

Shopify has no COD flag: merchants add a "manual payment method" and name it themselves, so the name is all we
have. We look for the usual names in the languages of COD markets, and also treat Shopify's generic "manual"
gateway as COD while the order is still unpaid (that is how a COD order sits until the courier collects).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from wasl.channels.payload import sequence, text

COD = "cod"
PREPAID = "prepaid"

_COD_PHRASES = (
    "cash on delivery",
    "cash-on-delivery",
    "cash_on_delivery",
    "الدفع عند الاستلام",
    "الدفع عند التسليم",
    "paiement à la livraison",
    "paiement a la livraison",
    "contre remboursement",
)
_COD_WORD = re.compile(r"(?<![a-z0-9])cod(?![a-z0-9])")  # "COD" alone, not inside "code" or "barcode"


def payment_method(order: dict[str, Any]) -> str:
    names = [_normalise(text(name)) for name in sequence(order.get("payment_gateway_names"))]
    names.append(_normalise(text(order.get("gateway"))))
    if any(_names_cod(name) for name in names if name):
        return COD
    unpaid = text(order.get("financial_status")).lower() == "pending"
    if unpaid and "manual" in names:
        return COD
    return PREPAID


def _names_cod(name: str) -> bool:
    return any(phrase in name for phrase in _COD_PHRASES) or bool(_COD_WORD.search(name))


def _normalise(name: str) -> str:
    # NFC so an "à" typed as "a" + combining accent still matches; casefold for "Cash On Delivery".
    return unicodedata.normalize("NFC", name).casefold().strip()
