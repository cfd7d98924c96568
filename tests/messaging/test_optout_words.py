"""Opt-out and opt-in words in Arabic, French and English."""

from __future__ import annotations

import pytest

from wasl.messaging.optout import CONFIRMATIONS, OPT_IN, OPT_OUT, consent_keyword


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STOP", (OPT_OUT, "en")),
        (" stop! ", (OPT_OUT, "en")),
        ("UNSUBSCRIBE", (OPT_OUT, "en")),
        ("ARRÊT", (OPT_OUT, "fr")),
        ("Arret", (OPT_OUT, "fr")),
        ("STOPPER", (OPT_OUT, "fr")),
        ("désabonner", (OPT_OUT, "fr")),
        ("إلغاء", (OPT_OUT, "ar")),
        ("الغاء", (OPT_OUT, "ar")),
        ("إِلْغَاء", (OPT_OUT, "ar")),
        ("توقف", (OPT_OUT, "ar")),
        ("START", (OPT_IN, "en")),
        ("Démarrer", (OPT_IN, "fr")),
        ("اشتراك", (OPT_IN, "ar")),
    ],
)
def test_given_a_consent_word_alone_when_read_then_its_action_and_language_are_known(
    text: str, expected: tuple[str, str]
) -> None:
    assert consent_keyword(text) == expected


@pytest.mark.parametrize(
    "text", ["stop calling me, I'm home at 6", "where is my order", "ألغي الطلب رقم 5", ""]
)
def test_given_a_sentence_when_read_then_it_is_not_a_consent_word(text: str) -> None:
    assert consent_keyword(text) is None


def test_every_confirmation_exists_in_the_three_languages() -> None:
    assert {action: sorted(texts) for action, texts in CONFIRMATIONS.items()} == {
        OPT_OUT: ["ar", "en", "fr"],
        OPT_IN: ["ar", "en", "fr"],
    }
