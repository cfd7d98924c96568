"""Which language to write to a buyer in: what we know of them, what they write, their phone, the store.

Pure functions, no database: the caller passes what it knows.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import phonenumbers

SUPPORTED = ("ar", "fr", "en")

# Where a phone's country says more than the store's default: the Maghreb reads French on a phone more
# often than Arabic script; the Gulf, the Levant and Egypt read Arabic.
FRENCH_COUNTRIES = frozenset({"MA", "DZ", "TN", "FR", "BE", "SN", "CI", "MR"})
ARABIC_COUNTRIES = frozenset(
    {"SA", "AE", "KW", "QA", "BH", "OM", "EG", "JO", "LB", "IQ", "YE", "LY", "SD", "PS", "SY"}
)

_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Short, frequent words that are French and not English; a buyer who writes two of them writes French.
_FRENCH_WORDS = frozenset(
    [
        "bonjour",
        "bonsoir",
        "salut",
        "merci",
        "oui",
        "non",
        "je",
        "j",
        "suis",
        "mon",
        "ma",
        "mes",
        "ma",
        "commande",
        "colis",
        "livraison",
        "livreur",
        "quand",
        "ou",
        "où",
        "est",
        "c",
        "pas",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "et",
        "pour",
        "avec",
        "vous",
        "votre",
        "vos",
        "nous",
        "annuler",
        "adresse",
        "demain",
        "aujourd",
        "hui",
        "s",
        "il",
        "plait",
        "stp",
        "svp",
        "bien",
        "d",
        "accord",
        "retour",
        "rembourser",
        "changer",
        "veux",
        "voudrais",
        "peux",
        "quoi",
        "comment",
        "rien",
        "toujours",
        "encore",
        "reçu",
        "recu",
        "arrive",
        "arrivé",
        "attends",
    ]
)
_ENGLISH_WORDS = frozenset(
    [
        "hello",
        "hi",
        "hey",
        "thanks",
        "thank",
        "you",
        "yes",
        "no",
        "my",
        "order",
        "parcel",
        "package",
        "delivery",
        "where",
        "when",
        "is",
        "the",
        "a",
        "an",
        "and",
        "for",
        "with",
        "please",
        "cancel",
        "address",
        "tomorrow",
        "today",
        "return",
        "refund",
        "change",
        "want",
        "can",
        "what",
        "how",
        "not",
        "received",
        "still",
        "waiting",
    ]
)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def detect_from_text(text: str) -> str:
    """ "ar" for Arabic script, "fr" or "en" for Latin text with enough telling words, else ""."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if arabic and arabic >= latin:
        return "ar"
    if not latin:
        return ""
    words = [_strip_accents(w.lower()) for w in _WORD.findall(text)]
    french = sum(1 for w in words if w in _FRENCH_WORDS)
    english = sum(1 for w in words if w in _ENGLISH_WORDS)
    if "é" in text.lower() or "è" in text.lower() or "ç" in text.lower():
        french += 1
    if french > english:
        return "fr"
    if english > french:
        return "en"
    return ""


@functools.lru_cache(maxsize=65536)
def country_of_phone(e164: str) -> str:
    """ISO 3166-1 alpha-2 of an E.164 phone number, or "" when it cannot be read (cached: parsing costs
    about 0.1 ms and every notification asks up to three times)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.region_code_for_number(number) or ""


def from_country(country: str) -> str:
    if country in FRENCH_COUNTRIES:
        return "fr"
    if country in ARABIC_COUNTRIES:
        return "ar"
    return ""


def choose_language(*, stored: str = "", text: str = "", phone: str = "", store_default: str = "") -> str:
    """The buyer's stored language, else what they write, else their phone's country, else the store's."""
    for candidate in (stored, detect_from_text(text) if text else "", from_country(country_of_phone(phone))):
        if candidate in SUPPORTED:
            return candidate
    return store_default if store_default in SUPPORTED else "en"
