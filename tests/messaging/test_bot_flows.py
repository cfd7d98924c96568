"""The bot end to end: buyer messages through the inbound path, answers queued, orders and timelines changed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from bot_helpers import PHONE, buyer_order, conversation, ids_of, says, ship

from wasl.messaging.handover import conversation_close
from wasl.messaging.rendering import LRI, PDI
from wasl.orders.models import OrderEvent
from wasl.portal.tracking_access import tracking_signature

pytestmark = pytest.mark.django_db
NUMBER_AR = f"{LRI}#1042{PDI}"
WEDNESDAY = datetime(2026, 5, 13, 9, 0, tzinfo=UTC)  # noon in Riyadh


@pytest.fixture(autouse=True)
def _public_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WASL_PUBLIC_URL = "https://wasl.example"


def notes(order, kind: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return [e.data for e in OrderEvent.objects.filter(order=order, kind="note") if e.data.get("type") == kind]


# --- where is my order ---


def test_given_a_parcel_on_its_way_when_the_buyer_asks_in_arabic_then_status_date_and_link(store) -> None:
    order = buyer_order(store)
    ship(order, "picked_up", "in_transit", promised=date(2026, 5, 12))

    [answer] = says(store, "وين طلبي؟")

    assert (answer.kind, answer.language, answer.body) == (
        "text",
        "ar",
        f"طلبك {NUMBER_AR}: في الطريق إليك.\n"
        "موعد التسليم المتوقع: الثلاثاء 12 مايو.\n"
        f"تتبّع شحنتك: {LRI}https://wasl.example/t/souq-test/TRK1042/?k={tracking_signature(store_slug='souq-test', ref='TRK1042')}{PDI}",
    )


def test_given_an_order_not_shipped_yet_when_asked_in_english_then_it_is_being_prepared(store) -> None:
    buyer_order(store)

    [answer] = says(store, "Where is my order?")

    assert (answer.language, answer.body) == ("en", "Your order #1042: confirmed and being prepared.")


def test_given_several_orders_when_asked_then_the_latest_one_is_described(store) -> None:
    older = buyer_order(store, "1001", placed_at=datetime(2026, 4, 1, tzinfo=UTC))
    ship(older, "picked_up", "in_transit", "out_for_delivery", "delivered", tracking="TRK1001")
    latest = buyer_order(store, "1042")
    ship(latest, "picked_up", "in_transit", "out_for_delivery", tracking="TRK1042")

    [answer] = says(store, "où est ma commande ?")

    assert answer.body == (
        "Votre commande #1042 : en cours de livraison aujourd'hui.\n"
        f"Suivez votre colis : https://wasl.example/t/souq-test/TRK1042/?k={tracking_signature(store_slug='souq-test', ref='TRK1042')}"
    )


def test_given_no_order_for_the_number_when_asked_then_the_buyer_is_told_so(store) -> None:
    [answer] = says(store, "where is my order")

    assert answer.body.startswith("We could not find an order for this number.")


def test_the_menu_button_where_answers_like_the_words(store) -> None:
    buyer_order(store)

    [answer] = says(store, button_id="menu:where", button_title="Where is my order")

    assert answer.body == "Your order #1042: confirmed and being prepared."


# --- delivery day ---


def test_given_a_request_to_change_the_day_then_three_working_days_and_the_choice_on_the_timeline(
    store,
) -> None:
    order = buyer_order(store)
    ship(order, "picked_up", "in_transit")

    [offer] = says(store, "I won't be home tomorrow", at=WEDNESDAY)

    # Saudi couriers rest on Friday and Saturday.
    assert (offer.kind, offer.body, [b["title"] for b in offer.buttons]) == (
        "buttons",
        "Which day suits you for the delivery of order #1042?",
        ["Thursday 14 May", "Sunday 17 May", "Monday 18 May"],
    )
    assert ids_of(offer) == [
        f"day:{order.pk}:2026-05-14",
        f"day:{order.pk}:2026-05-17",
        f"day:{order.pk}:2026-05-18",
    ]

    [ack] = says(store, button_id=f"day:{order.pk}:2026-05-17", button_title="Sunday 17 May", at=WEDNESDAY)

    assert ack.body == "Done: we will ask the carrier to deliver order #1042 on Sunday 17 May."
    assert notes(order, "delivery_day_requested") == [
        {
            "type": "delivery_day_requested",
            "day": "2026-05-17",
            "source": "bot",
            "conversation_id": conversation(store).pk,
            "needs_staff": True,
        }
    ]


def test_given_a_day_that_is_not_offered_when_tapped_then_new_days_and_nothing_recorded(store) -> None:
    order = buyer_order(store)

    [answer] = says(store, button_id=f"day:{order.pk}:2026-05-15", at=WEDNESDAY)  # a Friday

    assert answer.body == (
        f"هذا اليوم لم يعد متاحًا. اختر يومًا من الأيام التالية:\nأي يوم يناسبك لتوصيل طلبك {NUMBER_AR}؟"
    )
    assert [b["title"] for b in answer.buttons] == ["الخميس 14 مايو", "الأحد 17 مايو", "الاثنين 18 مايو"]
    assert notes(order, "delivery_day_requested") == []


def test_given_a_delivered_order_when_asked_to_change_the_day_then_too_late(store) -> None:
    order = buyer_order(store)
    ship(order, "picked_up", "out_for_delivery", "delivered")

    [answer] = says(store, "reschedule please")

    assert answer.body == "Your order #1042: delivered. That can no longer be changed."


def test_another_buyer_cannot_move_someone_elses_order(store) -> None:
    order = buyer_order(store)

    [answer] = says(store, button_id=f"day:{order.pk}:2026-05-17", phone="+966509999999", at=WEDNESDAY)

    assert (answer.kind, notes(order, "delivery_day_requested")) == ("buttons", [])
    assert ids_of(answer) == ["menu:where", "menu:change", "menu:human"]


# --- address ---


def test_given_a_new_address_in_text_then_it_lands_on_the_timeline_for_staff(store) -> None:
    order = buyer_order(store)

    [ask] = says(store, "العنوان غلط")
    assert (ask.kind, ask.body) == (
        "location_request",
        f"أرسل العنوان الصحيح لطلبك {NUMBER_AR} في رسالة، أو شارك موقعك على الخريطة.",
    )

    [ack] = says(store, "حي النرجس، شارع ١٢، بجانب المسجد")

    assert ack.body == f"شكرًا، سجّلنا العنوان الجديد لطلبك {NUMBER_AR}. سيؤكده فريقنا مع شركة الشحن."
    assert notes(order, "address_change_requested") == [
        {
            "type": "address_change_requested",
            "source": "bot",
            "conversation_id": conversation(store).pk,
            "needs_staff": True,
            "text": "حي النرجس، شارع ١٢، بجانب المسجد",
        }
    ]


def test_given_a_shared_location_pin_then_its_coordinates_are_recorded(store) -> None:
    order = buyer_order(store)
    says(store, "I need to change my address")

    [ack] = says(
        store,
        latitude=Decimal("24.7136"),
        longitude=Decimal("46.6753"),
        extra={"location_name": "Home"},
    )

    assert (
        ack.body
        == "Thanks, we noted the new address for order #1042. Our team will confirm it with the carrier."
    )
    [data] = notes(order, "address_change_requested")
    assert (data["latitude"], data["longitude"], data["location_name"]) == ("24.713600", "46.675300", "Home")


# --- cancel ---


def test_given_a_pending_order_when_the_buyer_confirms_cancelling_then_it_is_cancelled(store) -> None:
    order = buyer_order(store)

    [ask] = says(store, "cancel my order")
    assert (ask.body, ids_of(ask)) == (
        "Do you want to cancel order #1042 (SAR249.50)?",
        [f"cancel:{order.pk}:yes", f"cancel:{order.pk}:no"],
    )
    order.refresh_from_db()
    assert order.status == "pending"

    [done] = says(store, button_id=f"cancel:{order.pk}:yes", button_title="Yes, cancel it")

    order.refresh_from_db()
    assert (order.status, done.body) == (
        "cancelled",
        "Order #1042 is cancelled. We hope to see you again soon.",
    )
    assert OrderEvent.objects.filter(order=order, kind="cancelled").values_list("message", flat=True)[0] == (
        "cancelled by the buyer (whatsapp)"
    )


def test_given_a_pending_order_when_the_buyer_says_no_then_it_stays(store) -> None:
    order = buyer_order(store)
    says(store, "annuler ma commande")

    [kept] = says(store, button_id=f"cancel:{order.pk}:no")

    order.refresh_from_db()
    assert (order.status, kept.body) == ("pending", "Très bien, votre commande #1042 est maintenue.")


def test_given_a_shipped_order_when_the_buyer_wants_to_cancel_then_explained_and_handed_over(store) -> None:
    order = buyer_order(store)
    ship(order, "picked_up")

    [answer] = says(store, "ابغى الغي الطلب")

    order.refresh_from_db()
    assert order.status != "cancelled"
    assert answer.body == (
        f"طلبك {NUMBER_AR} استلمته شركة الشحن، لذلك لا يمكن إلغاؤه من هنا. "
        "سيتواصل معك أحد زملائنا في هذه المحادثة."
    )
    assert (conversation(store).state, answer.extra["reason"]) == ("human", "cancel_after_shipping")


def test_given_a_yes_tapped_after_the_parcel_left_then_not_cancelled(store) -> None:
    order = buyer_order(store)
    says(store, "cancel my order")
    ship(order, "picked_up")

    [answer] = says(store, button_id=f"cancel:{order.pk}:yes")

    order.refresh_from_db()
    assert (order.status, conversation(store).state) == ("shipped", "human")
    assert answer.body.startswith(
        "Order #1042: picked up by the carrier, so it can no longer be cancelled here."
    )


# --- return, a person, the menu ---


def test_a_return_gets_the_returns_page_and_a_person(store) -> None:
    buyer_order(store)

    [answer] = says(store, "I want to return it")

    assert answer.body == (
        "You can start a return here: https://wasl.example/r/souq-test/\nA colleague will also follow up in this chat."
    )
    assert conversation(store).state == "human"


def test_asking_for_a_person_hands_over_and_the_bot_stays_quiet(store) -> None:
    [answer] = says(store, "je veux parler à quelqu'un")

    assert (answer.body, conversation(store).state) == (
        "Un conseiller vous répond ici dès que possible.",
        "human",
    )
    assert says(store, "où est ma commande ?") == []


def test_change_my_order_opens_the_list_of_changes(store) -> None:
    [answer] = says(store, button_id="menu:change", button_title="Change my order")

    assert (answer.kind, ids_of(answer)) == (
        "list",
        ["menu:day", "menu:address", "menu:cancel", "menu:return"],
    )


def test_a_greeting_gets_the_menu_with_the_buyers_name(store) -> None:
    buyer_order(store)

    [answer] = says(store, "السلام عليكم")

    assert answer.body == "أهلًا سارة!\nكيف يمكننا مساعدتك؟ اختر من القائمة:"
    assert ids_of(answer) == ["menu:where", "menu:change", "menu:human"]


# --- unclear, handover, agent closes ---


def test_two_unclear_messages_hand_over_then_silence_until_an_agent_closes(store) -> None:
    buyer_order(store)

    [menu] = says(store, "كيفك")
    assert (menu.kind, menu.body, ids_of(menu)) == (
        "buttons",
        "عذرًا، لم أفهم رسالتك.\nكيف يمكننا مساعدتك؟ اختر من القائمة:",
        ["menu:where", "menu:change", "menu:human"],
    )
    assert conversation(store).state == "bot"

    [handover] = says(store, "🙃🙃")
    assert handover.body == "عذرًا، ما زلت لا أفهم. سيرد عليك أحد زملائنا هنا في أقرب وقت."
    assert conversation(store).state == "human"

    assert says(store, "وين طلبي") == []
    assert says(store, "hello?") == []

    conversation_close(conversation=conversation(store))
    [answer] = says(store, "وين طلبي")
    assert answer.body == f"طلبك {NUMBER_AR}: مؤكد وقيد التجهيز."


def test_an_unclear_message_after_a_clear_one_is_not_in_a_row(store) -> None:
    buyer_order(store)
    says(store, "blah")
    says(store, "where is my order")

    [menu] = says(store, "blah blah")

    assert (menu.extra["bot"], conversation(store).state) == ("unclear", "bot")


def test_a_reaction_gets_no_answer(store) -> None:
    assert says(store, kind="other", extra={"type": "reaction", "emoji": "👍"}) == []


def test_on_sms_a_number_picks_the_menu_choice(store) -> None:
    buyer_order(store)
    says(store, "hmm", channel="sms")

    [answer] = says(store, "1", channel="sms")

    assert answer.body == f"طلبك {NUMBER_AR}: مؤكد وقيد التجهيز."
    assert conversation(store, channel="sms").address == PHONE


@pytest.mark.parametrize(
    ("text", "button_id"),
    [
        ("\x00\x00", ""),
        ("x" * 5000, ""),
        ("", "day:1:9999-99-99"),
        ("", "day:99999999999999999999:2026-05-14"),
        ("", "cancel:0:yes"),
        ("", "review:123456:5"),
        ("", "menu:nope"),
        ("‮ RTL override ⁦⁩", ""),
    ],
)
def test_odd_messages_get_an_answer_and_never_an_error(store, text: str, button_id: str) -> None:
    buyer_order(store)

    answers = says(store, text, button_id=button_id, kind="button" if button_id else "text")

    assert len(answers) == 1
    assert answers[0].status == "queued"
