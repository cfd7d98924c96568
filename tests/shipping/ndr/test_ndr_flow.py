"""The buyer answers a case on WhatsApp (and SMS), end to end through the inbound path and messaging.flows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from bot_helpers import PHONE, buyer_order, ids_of, says, ship
from ndr_helpers import open_case, run_ndr_tasks, scan

from wasl.messaging import bot_orders as bo
from wasl.messaging.models import Message, NotificationRule
from wasl.messaging.quiet_hours import buyer_zone
from wasl.messaging.rendering import LRI, PDI
from wasl.orders.models import OrderEvent
from wasl.shipping.ndr.models import NdrCase, NdrInstruction
from wasl.shipping.ndr.services import cases_close_for_shipment

pytestmark = pytest.mark.django_db
NUMBER_AR = f"{LRI}#1042{PDI}"


def offered_days() -> list[date]:
    """The three working days after today in Riyadh (Friday and Saturday are the weekend)."""
    today = datetime.now(UTC).astimezone(buyer_zone(PHONE, "UTC")).date()
    return bo.working_days(today, 3, "SA")


def case_in_window(store) -> NdrCase:  # type: ignore[no-untyped-def]
    """The buyer wrote a moment ago (the window is open), then an attempt failed."""
    says(store, "مرحبا")
    return open_case(store)


def instruction(case: NdrCase) -> NdrInstruction:
    return NdrInstruction.objects.get(case=case, status__in=["pending", "sending", "sent"])


def test_outside_the_window_a_quick_reply_then_a_day_becomes_a_reattempt(ndr_store) -> None:
    case = open_case(ndr_store)

    [offer] = says(ndr_store, button_id="يوم آخر", button_title="يوم آخر", kind="button")
    days = offered_days()
    assert offer.kind == "buttons"
    assert ids_of(offer) == [f"ndr:{case.pk}:on:{d.isoformat()}" for d in days]
    assert offer.body == f"أي يوم يناسبك لمحاولة توصيل طلبك {NUMBER_AR} مرة أخرى؟"

    [done] = says(ndr_store, button_id=f"ndr:{case.pk}:on:{days[1].isoformat()}", button_title="x")
    run_ndr_tasks()

    case.refresh_from_db()
    assert (case.status, case.answer, case.answer_day, case.answer_source) == (
        "answered",
        "new_day",
        days[1],
        "buyer",
    )
    assert done.body.startswith(f"تم. طلبنا من شركة الشحن توصيل طلبك {NUMBER_AR} يوم ")
    made = instruction(case)
    assert (made.kind, made.day, made.status, made.method, made.source) == (
        "reattempt",
        days[1],
        "pending",
        "csv",
        "buyer",
    )


def test_inside_the_window_the_question_has_buttons_and_a_typed_address_is_taken(ndr_store) -> None:
    case = case_in_window(ndr_store)
    question = Message.objects.get(idempotency_key=f"ndr:{case.pk}:ask")
    assert question.kind == "buttons"
    assert ids_of(question) == [f"ndr:{case.pk}:day", f"ndr:{case.pk}:address", f"ndr:{case.pk}:cancel"]

    [ask] = says(ndr_store, button_id=f"ndr:{case.pk}:address", button_title="تصحيح العنوان")
    assert (ask.kind, ask.extra["awaits"]) == ("location_request", "ndr_address")

    [done] = says(ndr_store, "عمارة 12، خلف مسجد الراجحي، الدور الثاني")
    run_ndr_tasks()

    case.refresh_from_db()
    assert (case.answer, case.answer_address) == ("new_address", "عمارة 12، خلف مسجد الراجحي، الدور الثاني")
    assert done.body == f"شكرًا، أرسلنا العنوان الجديد لطلبك {NUMBER_AR} إلى شركة الشحن للمحاولة القادمة."
    assert instruction(case).address == "عمارة 12، خلف مسجد الراجحي، الدور الثاني"


def test_a_landmark_typed_straight_after_the_question_is_the_corrected_address(ndr_store) -> None:
    case = open_case(ndr_store)

    says(ndr_store, "Next to Panda supermarket, blue gate")

    case.refresh_from_db()
    assert (case.answer, case.answer_address) == ("new_address", "Next to Panda supermarket, blue gate")


def test_a_location_pin_after_the_question_is_the_corrected_address(ndr_store) -> None:
    case = open_case(ndr_store)

    [done] = says(
        ndr_store,
        latitude=Decimal("24.713552"),
        longitude=Decimal("46.675297"),
        extra={"location_name": "Home", "location_address": "Olaya St"},
    )
    run_ndr_tasks()

    case.refresh_from_db()
    assert (case.answer, case.answer_latitude, case.answer_longitude, case.answer_address) == (
        "new_address",
        Decimal("24.713552"),
        Decimal("46.675297"),
        "Home Olaya St",
    )
    assert done.extra["bot"] == "ndr_done"
    made = instruction(case)
    assert (made.kind, made.latitude, made.longitude) == (
        "update_address",
        Decimal("24.713552"),
        Decimal("46.675297"),
    )


def test_cancel_asks_to_confirm_then_becomes_a_return_to_origin(ndr_store) -> None:
    case = case_in_window(ndr_store)

    [confirm] = says(ndr_store, button_id=f"ndr:{case.pk}:cancel", button_title="إلغاء الطلب")
    assert ids_of(confirm) == [f"ndr:{case.pk}:cancel_yes", f"ndr:{case.pk}:cancel_no"]
    [done] = says(ndr_store, button_id=f"ndr:{case.pk}:cancel_yes", button_title="نعم، ألغِ الطلب")
    run_ndr_tasks()

    case.refresh_from_db()
    assert (case.status, case.answer) == ("answered", "cancel")
    assert instruction(case).kind == "return_to_origin"
    assert done.body == f"حسنًا، لن يُسلَّم طلبك {NUMBER_AR} وستعيده شركة الشحن إلى المتجر."
    assert case.order.status == "shipped"  # the parcel is still out there: the order follows its return


def test_no_to_cancel_shows_the_three_choices_again(ndr_store) -> None:
    case = case_in_window(ndr_store)
    says(ndr_store, button_id=f"ndr:{case.pk}:cancel", button_title="إلغاء الطلب")

    [options] = says(ndr_store, button_id=f"ndr:{case.pk}:cancel_no", button_title="لا، أريده")

    assert ids_of(options) == [f"ndr:{case.pk}:day", f"ndr:{case.pk}:address", f"ndr:{case.pk}:cancel"]
    case.refresh_from_db()
    assert case.answer == ""


def test_a_buyer_who_changes_their_mind_supersedes_the_instruction_not_sent_yet(ndr_store) -> None:
    case = open_case(ndr_store)
    says(ndr_store, "Building 4, street 9")
    run_ndr_tasks()
    says(ndr_store, button_id="إلغاء الطلب", button_title="إلغاء الطلب", kind="button")
    says(ndr_store, button_id=f"ndr:{case.pk}:cancel_yes", button_title="x")
    run_ndr_tasks()

    assert list(NdrInstruction.objects.filter(case=case).order_by("id").values_list("kind", "status")) == [
        ("update_address", "superseded"),
        ("return_to_origin", "pending"),
    ]


def test_a_typed_request_to_move_the_day_then_a_weekday_name_picks_that_day(ndr_store) -> None:
    case = open_case(ndr_store)
    [offer] = says(ndr_store, "please deliver another day")
    days = offered_days()
    weekday = offer.buttons[2]["title"].split()[0]

    says(ndr_store, weekday)

    case.refresh_from_db()
    assert (case.answer, case.answer_day) == ("new_day", days[2])


def test_a_question_about_something_else_goes_to_the_bot(ndr_store) -> None:
    case = open_case(ndr_store)
    order = case.order
    [answer] = says(ndr_store, "وين طلبي؟")

    assert answer.extra["bot"] == "where"
    case.refresh_from_db()
    assert case.status == "awaiting_buyer"
    assert order is not None


def test_a_day_no_longer_offered_gets_the_days_again(ndr_store) -> None:
    case = case_in_window(ndr_store)

    [offer] = says(ndr_store, button_id=f"ndr:{case.pk}:on:2020-01-05", button_title="x")

    assert offer.body.startswith("هذا اليوم لم يعد متاحًا")
    case.refresh_from_db()
    assert case.answer == ""


def test_on_sms_the_number_typed_back_picks_the_choice(ndr_store) -> None:
    order = buyer_order(ndr_store)
    NotificationRule.objects.create(store=ndr_store, event="ndr.ask", channels=["sms"])
    shipment = ship(order, "picked_up", "in_transit", "out_for_delivery")
    scan(shipment, "delivery_failed", reason="customer_unavailable")
    run_ndr_tasks()
    case = NdrCase.objects.get()
    assert case.channel == "sms"

    [confirm] = says(ndr_store, "3", channel="sms")

    assert ids_of(confirm) == [f"ndr:{case.pk}:cancel_yes", f"ndr:{case.pk}:cancel_no"]


def test_someone_elses_case_id_gets_the_menu_and_changes_nothing(ndr_store) -> None:
    case = open_case(ndr_store)

    [menu] = says(ndr_store, button_id=f"ndr:{case.pk}:cancel_yes", button_title="x", phone="+966509999999")

    assert menu.extra["bot"] == "menu"
    case.refresh_from_db()
    assert case.answer == ""


def test_a_tap_after_the_parcel_was_delivered_says_there_is_nothing_to_do(ndr_store) -> None:
    case = case_in_window(ndr_store)
    scan(case.shipment, "delivered")
    cases_close_for_shipment(shipment_id=case.shipment_id)

    [settled] = says(ndr_store, button_id=f"ndr:{case.pk}:day", button_title="يوم آخر")

    assert settled.body == f"طلبك {NUMBER_AR}: تم تسليمه. لا حاجة لأي إجراء."
    notes = OrderEvent.objects.filter(order=case.order, kind="note", data__type="ndr_answered")
    assert not notes.exists()


def test_after_the_answer_small_talk_goes_to_the_bot_and_is_not_an_address(ndr_store) -> None:
    case = case_in_window(ndr_store)
    says(ndr_store, button_id=f"ndr:{case.pk}:cancel", button_title="إلغاء الطلب")
    says(ndr_store, button_id=f"ndr:{case.pk}:cancel_yes", button_title="نعم، ألغِ الطلب")

    [thanks] = says(ndr_store, "شكرا")
    says(ndr_store, "see you tomorrow then")

    assert thanks.extra["bot"] == "thanks"
    case.refresh_from_db()
    assert (case.answer, case.answer_address) == ("cancel", "")
    assert NdrInstruction.objects.filter(case=case).count() == 1


def test_a_buyer_not_on_whatsapp_gets_the_question_by_sms_and_answers_with_a_number(
    ndr_store, channels
) -> None:
    from messaging_helpers import run_send_tasks

    from wasl.messaging.channels.types import NOT_ON_CHANNEL

    channels["whatsapp"].fail_next(NOT_ON_CHANNEL, "131026", "Message undeliverable")
    case = open_case(ndr_store)
    run_send_tasks()  # WhatsApp refuses the template: the fallback is queued
    run_send_tasks()

    [sms] = [m for m in channels["sms"].sent if "لم يتمكن المندوب" in m.text]
    assert [b.title for b in sms.buttons] == ["يوم آخر", "تصحيح العنوان", "إلغاء الطلب"]
    [confirm] = says(ndr_store, "٣", channel="sms")  # the third choice, in Arabic-Indic digits

    assert ids_of(confirm) == [f"ndr:{case.pk}:cancel_yes", f"ndr:{case.pk}:cancel_no"]
