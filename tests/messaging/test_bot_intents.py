"""The bot's reading of free text: real-looking messages per intent and language, and what is left unclear."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wasl.messaging.intents import intent_of, normalise, numbered_choice, rating_in, tap_of

WHERE, DAY, ADDRESS, CANCEL, RETURN, HUMAN = (
    "where",
    "change_day",
    "change_address",
    "cancel",
    "return",
    "human",
)

ARABIC = [
    # where is my order: MSA, Gulf, Levantine, Egyptian, Maghrebi
    ("أين طلبي؟", WHERE),
    ("وين طلبي", WHERE),
    ("وين الطلب حقي يا جماعة", WHERE),
    ("فين الأوردر بتاعي؟", WHERE),
    ("إمتى هيوصل الأوردر", WHERE),
    ("متى يوصل الطلب؟", WHERE),
    ("فين وصلات الكوموند ديالي", WHERE),
    ("وقتاش توصل السلعة؟", WHERE),
    ("لسه ما وصلني الطلب", WHERE),
    ("ما وصلنيش الطلب لحد الآن", WHERE),
    ("طلبيـــتي", WHERE),
    ("ابغى رقم التتبع", WHERE),
    ("وش صار على طلبي؟", WHERE),
    ("وييين طلبي", WHERE),
    ("السلام عليكم، وين شحنتي؟", WHERE),
    # change the delivery day
    ("أبي أغير موعد التوصيل", DAY),
    ("ممكن تأجيل التوصيل ليوم ثاني", DAY),
    ("بكرة مش موجود في البيت", DAY),
    ("أنا مسافر هالأسبوع", DAY),
    ("ماني موجود غدوة، نهار آخر عافاك", DAY),
    ("ممكن يوم تاني؟", DAY),
    # change the address
    ("أبي أغير العنوان", ADDRESS),
    ("العنوان غلط", ADDRESS),
    ("عندي عنوان جديد", ADDRESS),
    ("بغيت نبدل لادريس", ADDRESS),
    ("تعديل العنوان لو سمحت", ADDRESS),
    ("أرسل لكم اللوكيشن", ADDRESS),
    # cancel
    ("ابغى الغي الطلب", CANCEL),
    ("إلغاء الطلب من فضلك", CANCEL),
    ("أريد إلغاء طلبي", CANCEL),
    ("مش عايزه خلاص", CANCEL),
    ("مابغيتش الكوموند", CANCEL),
    ("كنسل الطلب", CANCEL),
    ("بدي الغي", CANCEL),
    # return
    ("أبي أرجع المنتج", RETURN),
    ("كيف الإرجاع؟", RETURN),
    ("المقاس غلط أبي استبدال", RETURN),
    ("المنتج وصل مكسور", RETURN),
    ("أبغى استرجاع المبلغ", RETURN),
    ("نبدلها بمقاس آخر", RETURN),
    # a person
    ("أبي أكلم موظف", HUMAN),
    ("ابغى اكلم احد من خدمة العملاء", HUMAN),
    ("بدي احكي مع حدا إنسان", HUMAN),
    ("بغيت نهضر مع شي واحد", HUMAN),
    ("عايز اكلم حد", HUMAN),
    ("عندي شكوى", HUMAN),
    ("أبغى الغي الطلب وأكلم موظف", HUMAN),
]

ARABIZI = [
    ("wein talabi", WHERE),
    ("wen talabi??", WHERE),
    ("fin lcommande dyali", WHERE),
    ("feen el order", WHERE),
    ("emta hyewsal", WHERE),
    ("wa9tach twsl", WHERE),
    ("salam, talabi mawsalch", WHERE),
    ("mosh mawgood bokra", DAY),
    ("mani mawjoud, nhar akhor", DAY),
    ("ghayer maw3ed", DAY),
    ("bghit nbadel l3enwan", ADDRESS),
    ("el 3onwan ghalat", ADDRESS),
    ("mabghitch lcommande", CANCEL),
    ("msh 3ayz el order", CANCEL),
    ("bghit nrja3 lcommande", RETURN),
    ("bghit nhder m3a chi wa7ed", HUMAN),
    ("momken akalem mowazaf", HUMAN),
]

FRENCH = [
    ("Où est ma commande ?", WHERE),
    ("ou en est mon colis svp", WHERE),
    ("Bonjour, je n'ai toujours pas reçu ma commande", WHERE),
    ("quand est-ce que je vais recevoir le colis ?", WHERE),
    ("c'est pour quand la livraison ?", WHERE),
    ("numéro de suivi svp", WHERE),
    ("Je ne serai pas là demain", DAY),
    ("pouvez-vous reporter la livraison ?", DAY),
    ("je voudrais changer la date de livraison", DAY),
    ("un autre jour svp, je suis absent", DAY),
    ("décaler à lundi ?", DAY),
    ("Je veux changer d'adresse", ADDRESS),
    ("mauvaise adresse sur la commande", ADDRESS),
    ("j'ai déménagé", ADDRESS),
    ("voici ma nouvelle adresse", ADDRESS),
    ("Je veux annuler ma commande", CANCEL),
    ("annulez svp", CANCEL),
    ("je n'en veux plus", CANCEL),
    ("je veux faire un retour", RETURN),
    ("pas la bonne taille, je veux échanger", RETURN),
    ("remboursement svp", RETURN),
    ("l'article est arrivé cassé", RETURN),
    ("je veux parler à quelqu'un", HUMAN),
    ("un conseiller svp", HUMAN),
    ("service client ?", HUMAN),
    ("rappelez-moi", HUMAN),
]

ENGLISH = [
    ("Where is my order?", WHERE),
    ("where's my order", WHERE),
    ("hi, any update on my parcel?", WHERE),
    ("when will it arrive", WHERE),
    ("I still haven't received anything", WHERE),
    ("tracking number please", WHERE),
    ("order status", WHERE),
    ("I won't be home tomorrow", DAY),
    ("can you reschedule the delivery", DAY),
    ("deliver another day please", DAY),
    ("please postpone", DAY),
    ("I need to change my address", ADDRESS),
    ("wrong address on the order", ADDRESS),
    ("I moved last week", ADDRESS),
    ("change delivery address please", ADDRESS),
    ("cancel my order", CANCEL),
    ("I don't want it anymore", CANCEL),
    ("please cancel", CANCEL),
    ("I want to return it", RETURN),
    ("how do I get a refund", RETURN),
    ("wrong size, can I exchange", RETURN),
    ("it arrived broken", RETURN),
    ("talk to a person", HUMAN),
    ("can I speak to someone", HUMAN),
    ("I want a human", HUMAN),
    ("customer service please", HUMAN),
]

ALL_INTENTS = (WHERE, DAY, ADDRESS, CANCEL, RETURN, HUMAN, "thanks", "greeting")
UNCLEAR = ["كيفك", "???", "😂", "asdfgh", "الأحد", "123456789", "Le chat est noir", "nice weather"]


@pytest.mark.parametrize(("text", "intent"), ARABIC)
def test_arabic_messages_read_as_their_intent(text: str, intent: str) -> None:
    assert intent_of(text) == intent


@pytest.mark.parametrize(("text", "intent"), ARABIZI)
def test_arabic_in_latin_letters_reads_as_its_intent(text: str, intent: str) -> None:
    assert intent_of(text) == intent


@pytest.mark.parametrize(("text", "intent"), FRENCH)
def test_french_messages_read_as_their_intent(text: str, intent: str) -> None:
    assert intent_of(text) == intent


@pytest.mark.parametrize(("text", "intent"), ENGLISH)
def test_english_messages_read_as_their_intent(text: str, intent: str) -> None:
    assert intent_of(text) == intent


@pytest.mark.parametrize("text", UNCLEAR)
def test_messages_about_nothing_we_do_are_unclear(text: str) -> None:
    assert intent_of(text) is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("شكراً جزيلاً 🙏", "thanks"),
        ("👍", "thanks"),
        ("merci beaucoup", "thanks"),
        ("السلام عليكم", "greeting"),
    ],
)
def test_thanks_and_greetings_are_told_apart_from_requests(text: str, intent: str) -> None:
    assert intent_of(text) == intent


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("أَيْنَ طَلَبِي؟", "اين طلبي"),  # diacritics and hamza forms
        ("إلغـــاء", "الغاء"),  # tatweel
        ("مستشفى الولادة", "مستشفي الولاده"),  # alef maqsura and ta marbuta
        ("رقم ١٢٣ و۴۵", "رقم 123 و45"),  # Arabic-Indic and Eastern Arabic-Indic digits
        ("Où est-ce ÇA", "ou est ce ca"),  # accents, case, hyphens
        ("whereeee is it!!!", "where is it"),  # letters repeated for emphasis
    ],
)
def test_normalising_gives_one_spelling(raw: str, normalised: str) -> None:
    assert normalise(raw) == normalised


@pytest.mark.parametrize(
    ("button_id", "expected"),
    [
        ("menu:where", ("menu", None, "where")),
        ("menu:change", ("change_menu", None, "")),
        ("day:42:2026-05-12", ("day", 42, "2026-05-12")),
        ("cancel:42:yes", ("cancel_yes", 42, "")),
        ("review:7:5", ("review", 7, "5")),
        ("review:7:skip", ("review_skip", 7, "")),
    ],
)
def test_our_button_ids_are_read_back(button_id: str, expected: tuple[object, ...]) -> None:
    tap = tap_of(button_id)
    assert tap is not None
    assert (tap.action, tap.order_id, tap.value) == expected


@pytest.mark.parametrize(
    "button_id",
    ["", "menu:nope", "day:x:2026-05-12", "day:42:tomorrow", "review:7:6", "cancel:7:maybe", "QR1"],
)
def test_ids_that_are_not_ours_are_not_taps(button_id: str) -> None:
    assert tap_of(button_id) is None


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("5", 5),
        ("٤", 4),
        ("3/5", 3),
        ("⭐⭐", 2),
        ("4 ⭐⭐⭐⭐", 4),
        ("6", None),
        ("10/10", None),
        ("bien", None),
    ],
)
def test_a_rating_is_read_from_digits_or_stars(text: str, rating: int | None) -> None:
    assert rating_in(text) == rating


def test_a_numbered_reply_picks_one_of_the_choices() -> None:
    assert (numbered_choice("٢", 3), numbered_choice("2.", 3), numbered_choice("4", 3)) == (1, 1, None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_as_one_intent_or_none_without_error(text: str) -> None:
    assert intent_of(text) in (None, *ALL_INTENTS)
    assert rating_in(text) in (None, 1, 2, 3, 4, 5)


def test_a_very_long_message_is_read_quickly() -> None:
    started = time.perf_counter()
    assert intent_of("كلام " * 20000 + "وين طلبي") is None  # beyond what is read
    assert time.perf_counter() - started < 1.0
