"""How a buyer and an address are recognised again, whatever channel the order came through."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from wasl.orders.types import AddressData, CustomerData

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


MAX_IDENTITY = 200


def customer_identity(customer: CustomerData, phone_e164: str, channel: str) -> str:
    if phone_e164:
        identity = f"p:{phone_e164}"
    elif customer.email.strip():
        identity = f"e:{customer.email.strip().lower()}"
    elif customer.external_id:
        identity = f"x:{channel}:{customer.external_id}"
    else:
        return ""
    if len(identity) > MAX_IDENTITY:  # still one buyer per value, in a column of bounded width
        return identity[:2] + "sha256:" + hashlib.sha256(identity.encode()).hexdigest()
    return identity


def normalise_text(value: str) -> str:
    """Lower-case, accents and Arabic diacritics off, punctuation and spacing folded."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", stripped).strip()


def address_fingerprint(address: AddressData) -> str:
    parts = (address.line1, address.line2, address.city, address.postal_code, address.country)
    joined = "|".join(normalise_text(p) for p in parts)
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()
