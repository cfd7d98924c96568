"""What a buyer wants, from what they wrote or tapped: keyword phrases per language (`intent_words`) matched
on normalised text, and the ids of the buttons and list rows the bot sends.

Normalising is what makes a short keyword list go a long way: one alef for أ/إ/آ, ي for ى, ه for ة, no
diacritics or tatweel, Western digits for Arabic-Indic ones, no Latin accents, lower case, letters repeated
for emphasis ("وييين", "pleaaase") cut back. Pure functions, no database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from wasl.messaging import intent_words as words

INTENTS = words.PRIORITY
ACTIONS = (words.WHERE, words.CHANGE_DAY, words.CHANGE_ADDRESS, words.CANCEL, words.RETURN, words.HUMAN)

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ئ": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ک": "ك",
        "گ": "ك",
        "ڭ": "ك",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
        "’": " ",
        "'": " ",
        "`": " ",
    }
)
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_REPEATED = re.compile(r"(\w)\1{2,}", re.UNICODE)
# Attached conjunctions, prepositions and the article, longest first: "والطلب" is "و" + "ال" + "طلب".
_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def normalise(text: str) -> str:
    """One spelling for the many a buyer may type; words separated by single spaces."""
    text = _ARABIC_DIACRITICS.sub("", text.replace(_TATWEEL, "")).translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = unicodedata.normalize("NFC", bare).casefold()
    bare = _REPEATED.sub(r"\1", bare)
    return " ".join(_NOT_WORD.sub(" ", bare).replace("_", " ").split())


def _forms(token: str) -> frozenset[str]:
    """The token, and the token without each proclitic that leaves a word of two letters or more."""
    found = {token}
    for prefix in _PROCLITICS:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            found.add(token[len(prefix) :])
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Phrase:
    intent: str
    language: str
    words: tuple[str, ...]


@cache
def phrases() -> tuple[Phrase, ...]:
    """Every keyword phrase, normalised."""
    return tuple(
        Phrase(intent, language, tuple(normalise(phrase).split()))
        for intent, by_language in words.KEYWORDS.items()
        for language, group in by_language.items()
        for phrase in group
        if normalise(phrase)
    )


@cache
def _by_first_word() -> dict[str, tuple[Phrase, ...]]:
    """Phrases by their first word: a message is read word by word, each looking up only its own phrases."""
    found: dict[str, list[Phrase]] = {}
    for phrase in phrases():
        found.setdefault(phrase.words[0], []).append(phrase)
    return {first: tuple(group) for first, group in found.items()}


def _fits(tokens: list[frozenset[str]], start: int, phrase: Phrase) -> bool:
    rest = phrase.words[1:]
    if start + len(rest) >= len(tokens):
        return False
    return all(word in tokens[start + 1 + i] for i, word in enumerate(rest))


@dataclass(frozen=True, slots=True)
class Match:
    intent: str
    language: str  # "ar", "arabizi", "fr" or "en": where the phrase came from
    phrase: str


# Requests are said in the first words; a pasted essay is not read to its end.
READ_AT_MOST = 600


def matches(text: str) -> list[Match]:
    """Every intent the text mentions (one match each, its longest phrase), in priority order."""
    tokens = [_forms(t) for t in normalise(text[:READ_AT_MOST]).split()]
    index = _by_first_word()
    best: dict[str, Phrase] = {}
    for start, forms in enumerate(tokens):
        for form in forms:
            for phrase in index.get(form, ()):
                known = best.get(phrase.intent)
                if known is not None and len(known.words) >= len(phrase.words):
                    continue
                if _fits(tokens, start, phrase):
                    best[phrase.intent] = phrase
    found = [Match(p.intent, p.language, " ".join(p.words)) for p in best.values()]
    if any(symbol in text for symbol in words.THANKS_SYMBOLS) and words.THANKS not in best:
        found.append(Match(words.THANKS, "", "symbol"))
    return sorted(found, key=lambda m: INTENTS.index(m.intent))


def intent_of(text: str) -> str | None:
    """The one intent a message is about (see `intent_words.PRIORITY`), or None when it is unclear."""
    found = matches(text)
    return found[0].intent if found else None


# --- ids of what the bot sends; they come back when the buyer taps ---

CHANGE_MENU_ID = "menu:change"  # opens the list of changes: day, address, cancel, return
MENU_IDS = {
    "menu:where": words.WHERE,
    "menu:day": words.CHANGE_DAY,
    "menu:address": words.CHANGE_ADDRESS,
    "menu:cancel": words.CANCEL,
    "menu:return": words.RETURN,
    "menu:human": words.HUMAN,
}


@dataclass(frozen=True, slots=True)
class Tap:
    """A button or list row of ours: what it is for and what it carries, e.g. ("day", 42, "2026-05-12")."""

    action: str  # menu | change_menu | day | cancel_yes | cancel_no | review | review_skip
    order_id: int | None = None
    value: str = ""


def tap_of(button_id: str) -> Tap | None:
    """Read the id of one of our buttons; None for anything else (a template's quick reply, a stranger's id)."""
    if button_id in MENU_IDS:
        return Tap("menu", None, MENU_IDS[button_id])
    if button_id == CHANGE_MENU_ID:
        return Tap("change_menu")
    parts = button_id.split(":")
    if len(parts) < 3 or not parts[1].isdecimal():
        return None
    head, order_id, rest = parts[0], int(parts[1]), ":".join(parts[2:])
    if head == "day" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", rest):
        return Tap("day", order_id, rest)
    if head == "cancel" and rest in ("yes", "no"):
        return Tap(f"cancel_{rest}", order_id)
    if head == "review" and rest in ("1", "2", "3", "4", "5"):
        return Tap("review", order_id, rest)
    if head == "review" and rest == "skip":
        return Tap("review_skip", order_id)
    return None


def day_button_id(order_id: int, day: str) -> str:
    return f"day:{order_id}:{day}"


def cancel_button_id(order_id: int, answer: str) -> str:
    return f"cancel:{order_id}:{answer}"


def review_button_id(order_id: int, value: str) -> str:
    return f"review:{order_id}:{value}"


_STARS = ("⭐", "★", "🌟")


def rating_in(text: str) -> int | None:
    """A 1-5 rating written as a digit ("4", "٤", "4/5") or as stars ("⭐⭐⭐⭐"); None otherwise."""
    stars = sum(text.count(star) for star in _STARS)
    if 1 <= stars <= 5:
        return stars
    digits = re.findall(r"\d+", normalise(text))
    if len(digits) in (1, 2) and digits[0] in ("1", "2", "3", "4", "5") and digits[1:] in ([], ["5"]):
        return int(digits[0])
    return None


def numbered_choice(text: str, count: int) -> int | None:
    """The 0-based choice a reply like "2" or "٢." picks among `count` numbered options (SMS), else None."""
    cleaned = normalise(text)
    if not cleaned.isdecimal():
        return None
    number = int(cleaned)
    return number - 1 if 1 <= number <= count else None
