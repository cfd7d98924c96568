"""The forms on the tracking page: a new delivery day and time, a corrected address, a reported problem."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

TESTS = Path(__file__).resolve().parent.parent
for folder in (TESTS / "messaging", TESTS / "shipping" / "ndr", TESTS / "console"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bot_helpers import buyer_order, ship  # noqa: E402
from ndr_helpers import open_case  # noqa: E402

from wasl.console.selectors import staff_requests  # noqa: E402
from wasl.orders.models import Order, OrderEvent  # noqa: E402
from wasl.portal.tracking_access import tracking_signature  # noqa: E402
from wasl.portal.tracking_forms import delivery_days  # noqa: E402
from wasl.shipping.ndr.models import NdrInstruction  # noqa: E402

URL = "/t/souq-test/TRK1042/"


@pytest.fixture(autouse=True)
def _fresh(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    settings.WASL_PUBLIC_URL = "https://wasl.example"
    cache.clear()
    yield
    cache.clear()


def signed(**fields: str) -> dict[str, str]:
    return {"k": tracking_signature(store_slug="souq-test", ref="TRK1042"), "lang": "en", **fields}


def in_days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def offered(index: int) -> str:
    """The index-th day the page offers a buyer in Saudi Arabia (working days, Friday off)."""
    return delivery_days(timezone.localdate(), "SA")[index].isoformat()


def next_friday() -> str:
    today = timezone.localdate()
    return next(
        today + timedelta(days=n) for n in range(1, 8) if (today + timedelta(days=n)).weekday() == 4
    ).isoformat()


def requests_of(order: Order) -> list[dict[str, Any]]:
    return [e.data for e in OrderEvent.objects.filter(order=order, data__needs_staff=True).order_by("id")]


@pytest.fixture
def parcel(store):  # type: ignore[no-untyped-def]
    order = buyer_order(store)
    ship(order, "picked_up", "in_transit")
    return order


def test_new_day_and_slot_becomes_a_request_for_staff(client, store, parcel) -> None:  # type: ignore[no-untyped-def]
    # when the buyer asks for the day after tomorrow in the evening
    response = client.post(URL + "reschedule/", signed(day=offered(1), slot="evening"))
    # then they are sent back to the page with a thank-you, and staff see the request in the inbox
    assert response.status_code == 303
    assert response["Location"].endswith("&lang=en&done=reschedule")
    assert "we passed your new delivery day" in client.get(response["Location"]).content.decode()
    [request] = requests_of(parcel)
    assert request == {
        "source": "tracking_page",
        "needs_staff": True,
        "type": "delivery_day_requested",
        "day": offered(1),
        "slot": "evening",
        "from": "17:00",
        "to": "21:00",
    }
    assert [e.data["type"] for e in staff_requests(store=store)] == ["delivery_day_requested"]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"day": in_days(8), "slot": "morning"}, "Choose one of the days offered, within the next 7 days."),
        ({"day": in_days(0), "slot": "morning"}, "Choose one of the days offered, within the next 7 days."),
        (
            {"day": next_friday(), "slot": "morning"},
            "Choose one of the days offered, within the next 7 days.",
        ),
        ({"day": "tomorrow", "slot": "morning"}, "That is not a date."),
        ({"day": offered(0), "slot": "midnight"}, "Choose one of the times offered."),
        ({"slot": "morning"}, "Choose a day."),
        ({"day": offered(0)}, "Choose a time of day."),
    ],
)
def test_bad_day_or_slot_is_refused_with_a_clear_error(client, parcel, fields, error) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL + "reschedule/", signed(**fields))
    assert response.status_code == 400
    body = response.content.decode()
    assert error in body
    assert '<details id="reschedule" open>' in body
    assert requests_of(parcel) == []


def test_an_open_failed_delivery_case_gets_the_new_day_as_its_answer(client, store) -> None:  # type: ignore[no-untyped-def]
    # given a failed delivery attempt whose case is waiting for the buyer
    case = open_case(store)
    # when the buyer picks a new day on the tracking page
    response = client.post(URL + "reschedule/", signed(day=offered(0), slot="morning"))
    # then the case is answered and a re-attempt instruction is queued for the carrier
    assert response.status_code == 303
    case.refresh_from_db()
    assert (case.answer, case.answer_day, case.answer_source) == (
        "new_day",
        date.fromisoformat(offered(0)),
        "buyer",
    )
    assert list(NdrInstruction.objects.filter(case=case).values_list("kind", flat=True)) == ["reattempt"]


def test_a_delivered_parcel_can_no_longer_be_rescheduled(client, store) -> None:  # type: ignore[no-untyped-def]
    order = buyer_order(store)
    ship(order, "picked_up", "in_transit", "out_for_delivery", "delivered")
    response = client.post(URL + "reschedule/", signed(day=offered(0), slot="morning"))
    assert response.status_code == 409
    assert "can no longer be changed here" in response.content.decode()
    assert requests_of(order) == []


def test_changes_need_the_signed_link(client, parcel) -> None:  # type: ignore[no-untyped-def]
    for action, fields in (
        ("reschedule/", {"day": offered(0), "slot": "morning"}),
        ("address/", {"line1": "5 Olaya St", "city": "Riyadh"}),
        ("problem/", {"kind": "other", "details": "Where is it?"}),
    ):
        response = client.post(URL + action, {**fields, "k": "forged", "lang": "en"})
        assert response.status_code == 403
        assert "Open the link from your messages" in response.content.decode()
    assert requests_of(parcel) == []


def test_forms_need_the_csrf_token(store, parcel) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL + "problem/", signed(kind="other", details="Where is it?"))
    assert response.status_code == 403
    assert requests_of(parcel) == []


def test_address_form_has_its_own_page_filled_with_the_current_address(client, parcel) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/t/souq-test/TRK1042/", signed()).content.decode()
    signature = signed()["k"]
    assert f'href="/t/souq-test/TRK1042/address/?k={signature}&amp;lang=en"' in page
    response = client.get(URL + "address/", signed())
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="line1" id="id_line1" value="12 شارع الملك فهد"' in body
    assert 'name="city" id="id_city" value="Riyadh"' in body
    assert client.get(URL + "address/", {"k": "forged"}).status_code == 403


def test_corrected_address_is_put_on_the_order_and_passed_on(client, parcel) -> None:  # type: ignore[no-untyped-def]
    # when the buyer corrects their address
    response = client.post(
        URL + "address/",
        signed(
            line1="  5 Olaya   Street ",
            line2="Floor 3",
            city="Riyadh",
            postal_code="12212",
            landmark="Blue gate",
        ),
    )
    # then the order ships to a new address row, and staff are asked to pass it on
    assert response.status_code == 303
    parcel.refresh_from_db()
    address = parcel.shipping_address
    assert (address.line1, address.line2, address.city, address.postal_code, address.country) == (
        "5 Olaya Street",
        "Floor 3",
        "Riyadh",
        "12212",
        "SA",
    )
    [request] = requests_of(parcel)
    assert request["type"] == "address_change_requested"
    assert request["text"] == "5 Olaya Street, Floor 3, Riyadh, 12212 (Blue gate)"
    assert request["address_id"] == address.pk


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"city": "Riyadh"}, "Enter the street and building."),
        ({"line1": "5 Olaya St"}, "Enter the city."),
        ({"line1": "   ", "city": "Riyadh"}, "Enter the street and building."),
        ({"line1": "x" * 301, "city": "Riyadh"}, "Ensure this value has at most 300 characters"),
    ],
)
def test_address_fields_are_required(client, parcel, fields, error) -> None:  # type: ignore[no-untyped-def]
    address_before = parcel.shipping_address_id
    response = client.post(URL + "address/", signed(**fields))
    assert response.status_code == 400
    assert error in response.content.decode()
    parcel.refresh_from_db()
    assert parcel.shipping_address_id == address_before
    assert requests_of(parcel) == []


def test_reported_problem_lands_in_the_console_inbox(client, store, parcel) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL + "problem/", signed(kind="damaged", details="The box was crushed."))
    assert response.status_code == 303
    [request] = staff_requests(store=store)
    assert request.order_id == parcel.pk
    assert request.data == {
        "source": "tracking_page",
        "needs_staff": True,
        "type": "problem_reported",
        "problem": "damaged",
        "text": "The box was crushed.",
    }


def test_staff_read_the_reported_problem_in_the_inbox(client, store, parcel) -> None:  # type: ignore[no-untyped-def]
    from console_helpers import member

    client.post(URL + "problem/", signed(kind="wrong_item", details="I got a blue one."))
    client.force_login(member(store))
    body = client.get("/console/souq-test/").content.decode()
    assert 'Problem reported by the buyer: <span dir="auto">I got a blue one.</span>' in body


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "damaged", "details": ""}, "Tell us what happened."),
        ({"kind": "damaged", "details": " a "}, "Tell us what happened."),
        ({"kind": "angry", "details": "Late again"}, "Choose what is wrong."),
        ({"kind": "other", "details": "x" * 1001}, "Ensure this value has at most 1000 characters"),
    ],
)
def test_problem_needs_a_kind_and_words(client, parcel, fields, error) -> None:  # type: ignore[no-untyped-def]
    response = client.post(URL + "problem/", signed(**fields))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert requests_of(parcel) == []
