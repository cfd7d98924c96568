"""The failed-deliveries page: members only, the open cases with their answers and instructions, filters,
what staff do (record an answer, hand over, mark an instruction, close), the CSV, settings; ar/fr/en."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

NDR_TESTS = Path(__file__).resolve().parent.parent / "shipping" / "ndr"
if str(NDR_TESTS) not in sys.path:
    sys.path.insert(0, str(NDR_TESTS))

from console_helpers import member  # noqa: E402
from ndr_helpers import answered_case, open_case, run_ndr_tasks  # noqa: E402

from wasl.messaging.models import Conversation  # noqa: E402
from wasl.shipping.ndr.answers import Answer  # noqa: E402
from wasl.shipping.ndr.models import NdrCase, NdrInstruction, NdrSettings  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calm(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WASL_QUIET_HOURS = "off"


@pytest.fixture
def ndr_store(store):  # type: ignore[no-untyped-def]
    from messaging_helpers import SMS_SETTINGS, WHATSAPP_SETTINGS

    from wasl.stores.services import secret_set

    for key, value in {**WHATSAPP_SETTINGS, **SMS_SETTINGS}.items():
        secret_set(store=store, key=key, value=value)
    return store


def page(console, store, **params):  # type: ignore[no-untyped-def]
    return console.get(f"/console/{store.slug}/ndr/", params)


def test_only_members_see_the_page(client, ndr_store, other_store) -> None:
    anonymous = client.get(f"/console/{ndr_store.slug}/ndr/")
    client.force_login(member(other_store, "outsider"))
    outsider = client.get(f"/console/{ndr_store.slug}/ndr/")

    assert anonymous.status_code == 302
    assert outsider.status_code == 404


def test_the_queue_lists_open_cases_with_answer_instruction_and_age(console, ndr_store) -> None:
    case = answered_case(ndr_store, Answer("new_address", address="Gate 3, Olaya"), reason="address_issue")

    response = page(console, ndr_store)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="case-{case.pk}"' in html
    for expected in (
        "#1042",
        "TRK1042",
        "aramex",
        "Address incomplete or wrong",
        "1 of 3",
        "Address or landmark corrected",
        "Gate 3, Olaya",
        "Deliver again at a corrected address",
        "To send",
        "tel:+966501234567",
    ):
        assert expected in html, expected
    assert 'aria-current="page">Failed deliveries' in html


def test_filters_narrow_the_list(console, ndr_store) -> None:
    case = open_case(ndr_store, reason="refused")

    assert f"case-{case.pk}" in page(console, ndr_store, reason="refused").content.decode()
    assert f"case-{case.pk}" not in page(console, ndr_store, reason="premises_closed").content.decode()
    assert f"case-{case.pk}" not in page(console, ndr_store, status="closed").content.decode()
    assert f"case-{case.pk}" in page(console, ndr_store, q="0501234567").content.decode()
    assert f"case-{case.pk}" not in page(console, ndr_store, escalated="on").content.decode()
    assert page(console, ndr_store, cursor="nonsense").status_code == 200


def test_staff_record_the_answer_heard_on_the_phone(console, agent, ndr_store) -> None:
    case = open_case(ndr_store)

    response = console.post(
        f"/console/{ndr_store.slug}/ndr/{case.pk}/answer/",
        {"answer": "new_day", "day": "2026-05-12", "status": "open"},
    )
    run_ndr_tasks()

    assert response.status_code == 302
    assert response["Location"] == f"/console/{ndr_store.slug}/ndr/?status=open"
    case.refresh_from_db()
    assert (case.answer, case.answer_day, case.answer_source, case.answered_by) == (
        "new_day",
        date(2026, 5, 12),
        "staff",
        agent.get_username(),
    )
    assert NdrInstruction.objects.get(case=case).kind == "reattempt"


def test_an_answer_without_its_day_is_refused_with_a_message(console, ndr_store) -> None:
    case = open_case(ndr_store)

    response = console.post(
        f"/console/{ndr_store.slug}/ndr/{case.pk}/answer/", {"answer": "new_day"}, follow=True
    )

    assert "Pick the new delivery day." in response.content.decode()
    case.refresh_from_db()
    assert case.answer == ""


def test_handing_over_opens_the_conversation_with_a_person(console, ndr_store) -> None:
    case = open_case(ndr_store)

    response = console.post(f"/console/{ndr_store.slug}/ndr/{case.pk}/escalate/")

    conversation = Conversation.objects.get(address=case.phone)
    assert response["Location"] == f"/console/{ndr_store.slug}/conversations/{conversation.pk}/"
    assert conversation.state == "human"
    case.refresh_from_db()
    assert case.status == "escalated"


def test_marking_the_instruction_sent_then_acknowledged(console, ndr_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))
    instruction = NdrInstruction.objects.get(case=case)
    url = f"/console/{ndr_store.slug}/ndr/instructions/{instruction.pk}/mark/"

    console.post(url, {"status": "sent"})
    console.post(url, {"status": "acknowledged", "reference": "ARX-1"})

    instruction.refresh_from_db()
    assert (instruction.status, instruction.reference) == ("acknowledged", "ARX-1")


def test_closing_needs_a_reason(console, ndr_store) -> None:
    case = open_case(ndr_store)
    url = f"/console/{ndr_store.slug}/ndr/{case.pk}/close/"

    console.post(url, {"reason": ""})
    assert NdrCase.objects.get(pk=case.pk).status == "awaiting_buyer"
    console.post(url, {"reason": "Picked up at the branch"})

    case.refresh_from_db()
    assert (case.status, case.outcome, case.outcome_reason) == (
        "closed",
        "closed_by_staff",
        "Picked up at the branch",
    )


def test_another_stores_case_and_instruction_are_404(console, ndr_store, other_store) -> None:
    theirs = answered_case(other_store, Answer("cancel"))
    instruction = NdrInstruction.objects.get(case=theirs)

    responses = [
        console.post(f"/console/{ndr_store.slug}/ndr/{theirs.pk}/close/", {"reason": "x"}),
        console.post(f"/console/{ndr_store.slug}/ndr/{theirs.pk}/escalate/"),
        console.post(f"/console/{ndr_store.slug}/ndr/{theirs.pk}/answer/", {"answer": "cancel"}),
        console.post(
            f"/console/{ndr_store.slug}/ndr/instructions/{instruction.pk}/mark/", {"status": "sent"}
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    theirs.refresh_from_db()
    assert theirs.status == "answered"


def test_the_csv_downloads_and_the_post_marks_them_sent(console, ndr_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))
    instruction = NdrInstruction.objects.get(case=case)

    preview = console.get(f"/console/{ndr_store.slug}/ndr/export/", {"carrier": "aramex"})
    instruction.refresh_from_db()
    assert instruction.status == "pending"
    marked = console.post(f"/console/{ndr_store.slug}/ndr/export/", {"carrier": "aramex"})

    assert preview["Content-Type"] == "text/csv; charset=utf-8"
    assert preview["Content-Disposition"].startswith('attachment; filename="ndr-souq-test-aramex-')
    assert f"\r\n{instruction.pk},{case.pk},souq-test,aramex,TRK1042" in preview.content.decode()
    assert marked.content == preview.content
    instruction.refresh_from_db()
    assert (instruction.status, instruction.method) == ("sent", "csv")


def test_settings_are_saved_and_checked(console, ndr_store) -> None:
    url = f"/console/{ndr_store.slug}/ndr/settings/"

    console.post(url, {"attempts_before_rto": "2", "remind_after_hours": "3", "escalate_after_hours": "6"})
    refused = console.post(
        url,
        {
            "enabled": "on",
            "attempts_before_rto": "12",
            "remind_after_hours": "3",
            "escalate_after_hours": "6",
        },
    )

    saved = NdrSettings.objects.get(store=ndr_store)
    assert (
        saved.enabled,
        saved.attempts_before_rto,
        saved.remind_after_hours,
        saved.escalate_after_hours,
    ) == (
        False,
        2,
        3,
        6,
    )
    assert refused.status_code == 302


@pytest.mark.parametrize(
    ("language", "direction", "words"),
    [
        ("ar", "rtl", ["التوصيلات المتعثرة", "العنوان غير مكتمل أو خاطئ", "بانتظار الرد"]),
        ("fr", "ltr", ["Livraisons échouées", "Adresse incomplète ou erronée", "En attente"]),
    ],
)
def test_the_page_reads_in_arabic_and_french(console, ndr_store, language, direction, words) -> None:  # type: ignore[no-untyped-def]
    open_case(ndr_store, reason="address_issue")
    console.cookies["django_language"] = language

    html = page(console, ndr_store).content.decode()

    assert f'dir="{direction}"' in html
    for word in words:
        assert word in html, word
