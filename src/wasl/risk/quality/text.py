"""One cheap normalisation for every check: a single str.translate pass, then a tokenizer.

Eastern Arabic and Persian digits read as 0-9, Arabic letter variants folded (hamza forms of alef, alef maqsura,
taa marbuta), diacritics and tatweel dropped, French accents off, everything lower case. Both the scorer and
its keyword tables go through it, so a keyword is written once in its plain form.
"""

from __future__ import annotations

import re

_FOLD: dict[int, str | None] = {}
for _i in range(10):
    _FOLD[0x0660 + _i] = str(_i)  # ٠-٩
    _FOLD[0x06F0 + _i] = str(_i)  # ۰-۹ (Persian, Urdu keyboards)
    _FOLD[0x0966 + _i] = str(_i)  # ०-९ (Devanagari)
for _code in (*range(0x064B, 0x0660), 0x0670, 0x0640):  # harakat, superscript alef, tatweel
    _FOLD[_code] = None
for _alef in "أإآٱ":
    _FOLD[ord(_alef)] = "ا"
_FOLD[ord("ى")] = "ي"
_FOLD[ord("ة")] = "ه"
_FOLD[ord("ـ")] = None
for _accented, _plain in {
    "àáâäãå": "a",
    "ÀÁÂÄÃÅ": "a",
    "çÇ": "c",
    "èéêëÈÉÊË": "e",
    "ìíîïÌÍÎÏ": "i",
    "òóôöõÒÓÔÖÕ": "o",
    "ùúûüÙÚÛÜ": "u",
    "ñÑ": "n",
    "ÿ": "y",
}.items():
    for _ch in _accented:
        _FOLD[ord(_ch)] = _plain
_FOLD[ord("œ")] = "oe"
_FOLD[ord("Œ")] = "oe"
_FOLD[ord("°")] = " "  # n°12
_FOLD[ord("،")] = ","
_FOLD[ord("؛")] = ";"
_FOLD[ord("٫")] = ","
FOLD = _FOLD

# Latin letters and digits stay together at first ("12b", "share3"), so Arabizi words that spell letters with
# digits can be recognised whole; anything else mixed is split again by SPLIT. Arabic letters and digits are
# always apart ("12شارع" is "12", "شارع").
TOKEN = re.compile(r"[a-z0-9]+|[^\W\d_]+")
# The same, with the separators between parts of an address ("12 King Fahd Rd, Al Malqa") kept as tokens.
TOKEN_OR_SEPARATOR = re.compile(r"[a-z0-9]+|[^\W\d_]+|[,;\n|]")
SPLIT = re.compile(r"[0-9]+|[a-z]+")
MIXED = re.compile(r"[0-9][a-z]|[a-z][0-9]")


def fold(value: str) -> str:
    # translate() looks every character up in a dict; plain ASCII has nothing to fold but case.
    return value.lower() if value.isascii() else value.translate(FOLD).lower()


def plain(value: str) -> str:
    """Folded words and numbers joined by single spaces: how names and placeholders are compared."""
    return " ".join(TOKEN.findall(fold(value)))
