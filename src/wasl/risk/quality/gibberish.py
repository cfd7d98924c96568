"""Random typing: keyboard runs, held-down keys, consonant strings, chanted syllables."""

from __future__ import annotations

import re

from wasl.risk.quality.text import fold

# Runs along a keyboard row (QWERTY, AZERTY, Arabic). Arabic runs are five letters long, since four-letter
# pieces of a row do occur inside real words.
_LATIN_RUNS = [
    "qwer",
    "asdf",
    "sdfg",
    "dfgh",
    "fghj",
    "ghjk",
    "hjkl",
    "zxcv",
    "xcvb",
    "cvbn",
    "vbnm",
    "uiop",
    "poiu",
    "lkjh",
    "mnbv",
    "azert",
    "qsdf",
    "wxcv",
    "rewq",
    "fdsa",
]
_ARABIC_ROWS = ("ضصثقفغعهخحجد", "شسيبلاتنمك", "ئءؤرلاىةوزظ")


def _arabic_runs() -> list[str]:
    runs: set[str] = set()
    for row in _ARABIC_ROWS:
        row = fold(row)
        for start in range(len(row) - 4):
            piece = row[start : start + 5]
            runs.update((piece, piece[::-1]))
    return sorted(runs)


# One pattern, one search per word: keyboard runs; a key held down ("aaaa", "ههههه") or "xxx"; six consonants
# in a row ("kjhgfd": real words and abbreviations are shorter); a syllable chanted ("hahaha", "asasas").
GIBBERISH = re.compile(
    "|".join(_LATIN_RUNS + _arabic_runs())
    + r"|([^\W\d_])\1{3,}|x{3,}|[bcdfghjklmnpqrstvwxz]{6,}|([^\W\d_]{2})\2{2,}"
)


def is_gibberish(token: str) -> bool:
    """A single folded letter token that no one writes on purpose."""
    return len(token) >= 3 and GIBBERISH.search(token) is not None
