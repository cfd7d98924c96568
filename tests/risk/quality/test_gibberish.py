"""Random typing is told apart from the real words of addresses."""

from __future__ import annotations

import pytest

from wasl.demo.address_words import WORDS
from wasl.risk.quality.gibberish import is_gibberish
from wasl.risk.quality.text import fold, plain
from wasl.risk.quality.vocabulary import KIND


@pytest.mark.parametrize(
    "word",
    ["asdf", "qwerty", "azerty", "zxcvb", "kjhgfd", "aaaa", "xxx", "hahaha", "ضصثقف", "شسيبل", "هههههه"],
)
def test_random_typing(word: str) -> None:
    assert is_gibberish(fold(word))


@pytest.mark.parametrize(
    "word",
    [
        "property",
        "liberty",
        "azerbaijan",
        "chhatrapati",
        "strasse",
        "mississippi",
        "phase",
        "iii",
        "bldg",
        "blvd",
        "بلاتين",
        "الشارع",
        "المملكة",
        "3emara",
        "zn9a",
        "muhammad",
    ],
)
def test_real_words(word: str) -> None:
    assert not is_gibberish(fold(word))


def test_no_word_of_the_vocabulary_or_the_demo_markets_is_random_typing() -> None:
    words = set(KIND)
    for market in WORDS.values():
        for pair in (*market.streets, *market.districts, *market.landmark_names):
            for name in pair:
                words.update(plain(name).split())
    assert sorted(word for word in words if is_gibberish(word)) == []
