"""Opt-out and opt-in words in Arabic, French and English, and what we answer to each.

A message that is only such a word (any case, with or without accents, diacritics or punctuation) counts;
a sentence that merely contains "stop" does not ("stop calling me, I'm home at 6" is not an opt-out).
"""

from __future__ import annotations

import re
import unicodedata

OPT_OUT = "opt_out"
OPT_IN = "opt_in"

_OPT_OUT_WORDS = {
    "en": ("stop", "stopall", "unsubscribe", "cancel notifications", "end", "quit", "optout", "opt out"),
    "fr": ("arret", "arreter", "stopper", "desabonner", "desinscrire", "desabonnement", "stop sms"),
    "ar": ("الغاء", "الغاء الاشتراك", "توقف", "اوقف", "ايقاف", "قف", "لا ترسل"),
}
_OPT_IN_WORDS = {
    "en": ("start", "unstop", "subscribe", "yes start"),
    "fr": ("demarrer", "reprendre", "abonner", "sabonner", "reabonner"),
    "ar": ("اشتراك", "ابدا", "تفعيل", "اشترك"),
}

CONFIRMATIONS = {
    OPT_OUT: {
        "ar": "تم إيقاف إشعارات الطلبات. أرسل «اشتراك» لإعادة تفعيلها.",
        "fr": "Vous ne recevrez plus de notifications de commande. Envoyez DEMARRER pour les réactiver.",
        "en": "You will no longer receive order notifications. Reply START to turn them back on.",
    },
    OPT_IN: {
        "ar": "تم تفعيل إشعارات الطلبات مجددًا. أرسل «إلغاء» لإيقافها.",
        "fr": "Les notifications de commande sont réactivées. Envoyez STOP pour les arrêter.",
        "en": "Order notifications are back on. Reply STOP to turn them off.",
    },
}

_TATWEEL = "\u0640"
_ALEF_FORMS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_NOT_WORD = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, no accents or Arabic diacritics, one alef, no punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace(_TATWEEL, ""))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = unicodedata.normalize("NFC", bare).translate(_ALEF_FORMS).casefold()
    bare = _NOT_WORD.sub(" ", bare.replace("'", "").replace("’", ""))
    return _SPACES.sub(" ", bare).strip()


def _index(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise(word): language for language, group in words.items() for word in group}


_OUT = _index(_OPT_OUT_WORDS)
_IN = _index(_OPT_IN_WORDS)


def consent_keyword(text: str) -> tuple[str, str] | None:
    """(OPT_OUT or OPT_IN, language of the word) when the message is one of the words, else None."""
    key = normalise(text)
    if key in _OUT:
        return OPT_OUT, _OUT[key]
    if key in _IN:
        return OPT_IN, _IN[key]
    return None
