"""The console's inbox and conversation pages through the Django test client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bot_helpers import PHONE, buyer_order, conversation, says, ship
from console_helpers import PASSWORD, member
from django.test import Client

from wasl.messaging.models import Message
from wasl.orders.models import OrderEvent

pytestmark = pytest.mark.django_db


def handed_over(store, phone: str = PHONE, at: datetime | None = None):  # type: ignore[no-untyped-def]
    says(store, "je veux parler à quelqu'un", phone=phone, at=at)
    return conversation(store, phone)


def agent_messages() -> list[Message]:
    return list(Message.objects.filter(idempotency_key__startswith="agent:").order_by("id"))


# --- signing in, stores ---


def test_every_page_needs_a_signed_in_user(client, store) -> None:
    for path in ("/console/", "/console/souq-test/", "/console/souq-test/sandbox/"):
        answer = client.get(path)
        assert (answer.status_code, answer["Location"]) == (302, f"/console/login/?next={path}")


def test_a_wrong_password_is_said_on_the_page(client, agent) -> None:
    answer = client.post("/console/login/", {"username": "agent", "password": "nope"})

    assert answer.status_code == 200
    assert "That user name and password do not match." in answer.content.decode()


def test_signing_in_leads_to_the_inbox_of_ones_only_store(client, agent) -> None:
    answer = client.post("/console/login/", {"username": "agent", "password": PASSWORD}, follow=True)

    assert answer.redirect_chain[-1] == ("/console/souq-test/", 302)
    assert "Conversations waiting for a person" in answer.content.decode()


def test_a_member_of_several_stores_picks_one(client, store, other_store) -> None:
    user = member(store, "owner", "owner")
    from wasl.stores.models import StoreMember

    StoreMember.objects.create(store=other_store, user=user)
    client.force_login(user)

    page = client.get("/console/").content.decode()

    assert 'href="/console/other-shop/"' in page and 'href="/console/souq-test/"' in page


def test_a_user_of_no_store_is_told_so(client, db) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user(username="lonely", password=PASSWORD))

    assert "You are not a member of any store yet." in client.get("/console/").content.decode()


def test_another_stores_pages_and_conversations_are_404(console, store, other_store) -> None:
    theirs = handed_over(other_store)

    assert console.get("/console/other-shop/").status_code == 404
    assert console.get(f"/console/other-shop/conversations/{theirs.pk}/").status_code == 404
    assert console.get(f"/console/souq-test/conversations/{theirs.pk}/").status_code == 404
    assert console.post(f"/console/souq-test/conversations/{theirs.pk}/close/").status_code == 404
    assert console.get("/console/souq-test/conversations/999999/").status_code == 404


# --- the inbox ---


def test_the_inbox_lists_handed_over_conversations_newest_first(console, store) -> None:
    buyer_order(store)
    first = handed_over(store, PHONE, at=datetime.now(UTC) - timedelta(hours=2))
    second = handed_over(store, "+966509999999")
    says(store, "hello", phone="+966508888888")  # the bot answers this one: not in the inbox

    page = console.get("/console/souq-test/").content.decode()

    assert page.index(f"/conversations/{second.pk}/") < page.index(f"/conversations/{first.pk}/")
    assert "+966508888888" not in page
    assert "سارة العتيبي" in page and "#1042" in page
    assert "Un conseiller vous répond ici dès que possible." in page  # the last message


def test_a_conversation_shows_its_thread_order_and_parcel(console, store) -> None:
    order = buyer_order(store)
    ship(order, "picked_up", "in_transit")
    talk = handed_over(store)

    page = console.get(f"/console/souq-test/conversations/{talk.pk}/").content.decode()

    assert "je veux parler à quelqu&#x27;un" in page
    assert "Un conseiller vous répond ici dès que possible." in page
    assert "In transit" in page and "aramex TRK1042" in page
    assert 'name="csrfmiddlewaretoken"' in page


# --- answering ---


def test_inside_the_window_the_agent_answers_in_free_text_once(console, store, agent) -> None:
    talk = handed_over(store)
    form = {"text": "Bonjour, je regarde votre commande.", "token": "tok1"}

    answer = console.post(f"/console/souq-test/conversations/{talk.pk}/reply/", form)
    console.post(f"/console/souq-test/conversations/{talk.pk}/reply/", form)  # sent twice by a double click

    assert answer.status_code == 302
    [reply] = agent_messages()
    assert (reply.kind, reply.body, reply.language, reply.status) == (
        "text",
        "Bonjour, je regarde votre commande.",
        "fr",
        "queued",
    )
    talk.refresh_from_db()
    assert (talk.state, talk.assigned_agent_id) == ("human", agent.pk)


def test_outside_the_window_free_text_is_refused_and_templates_are_offered(console, store) -> None:
    buyer_order(store)
    talk = handed_over(store, at=datetime.now(UTC) - timedelta(hours=30))

    page = console.get(f"/console/souq-test/conversations/{talk.pk}/").content.decode()
    assert "The 24-hour window is closed." in page
    assert 'value="shipment.delivery_failed"' in page

    refused = console.post(
        f"/console/souq-test/conversations/{talk.pk}/reply/", {"text": "Hi", "token": "t2"}
    )
    assert refused.status_code == 400
    assert agent_messages() == []

    sent = console.post(
        f"/console/souq-test/conversations/{talk.pk}/template/", {"event": "order.confirmed", "token": "t3"}
    )
    assert sent.status_code == 302
    [template] = agent_messages()
    assert (template.kind, template.template_name, template.event, template.template_params[1]) == (
        "template",
        "wasl_confirmed",
        "order.confirmed",
        "#1042",
    )


@pytest.mark.parametrize(
    ("form", "said"),
    [
        ({"text": "", "token": "t"}, "This field is required."),
        ({"text": "x" * 5000, "token": "t"}, "Ensure this value has at most 4096 characters"),
        ({"text": "hello", "token": "%%%"}, "The form has expired; load the page again."),
    ],
)
def test_bad_replies_are_said_on_the_page(console, store, form: dict[str, str], said: str) -> None:
    talk = handed_over(store)

    answer = console.post(f"/console/souq-test/conversations/{talk.pk}/reply/", form)

    assert answer.status_code == 400
    assert said in answer.content.decode()
    assert agent_messages() == []


def test_an_unknown_template_event_is_said_on_the_page(console, store) -> None:
    talk = handed_over(store, at=datetime.now(UTC) - timedelta(hours=30))

    answer = console.post(
        f"/console/souq-test/conversations/{talk.pk}/template/", {"event": "x", "token": "t"}
    )

    assert answer.status_code == 400
    assert "Select a valid choice." in answer.content.decode()


def test_taking_then_closing_gives_the_conversation_back_to_the_bot(console, store, agent) -> None:
    buyer_order(store)
    talk = handed_over(store)

    console.post(f"/console/souq-test/conversations/{talk.pk}/take/")
    talk.refresh_from_db()
    assert (talk.state, talk.assigned_agent_id) == ("human", agent.pk)

    closed = console.post(f"/console/souq-test/conversations/{talk.pk}/close/")
    talk.refresh_from_db()
    assert (closed.status_code, talk.state, talk.assigned_agent_id) == (302, "closed", None)

    [answer] = says(store, "où est ma commande ?")
    assert answer.body == "Votre commande #1042 : confirmée, en préparation."


def test_posts_without_the_csrf_token_are_refused(store, agent) -> None:
    talk = handed_over(store)
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    answer = client.post(f"/console/souq-test/conversations/{talk.pk}/reply/", {"text": "hi", "token": "t"})

    assert (answer.status_code, agent_messages()) == (403, [])


def test_arabic_pages_are_right_to_left(console, store) -> None:
    console.cookies["django_language"] = "ar"

    page = console.get("/console/souq-test/").content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    assert "محادثات تنتظر" in page


def test_the_language_switch_sets_french(console, store) -> None:
    answer = console.post(
        "/console/i18n/setlang/", {"language": "fr", "next": "/console/souq-test/"}, follow=True
    )

    page = answer.content.decode()
    assert '<html lang="fr" dir="ltr">' in page and "Conversations en attente" in page


# --- requests for staff ---


def test_a_day_change_waits_in_the_inbox_until_passed_on(console, store) -> None:
    order = buyer_order(store)
    when = datetime.now(UTC)
    [offer] = says(store, "I won't be home tomorrow", at=when)
    says(store, button_id=offer.buttons[0]["id"], at=when)
    request = OrderEvent.objects.get(order=order, data__type="delivery_day_requested")

    page = console.get("/console/souq-test/").content.decode()
    assert f"/requests/{request.pk}/done/" in page

    console.post(f"/console/souq-test/requests/{request.pk}/done/")
    console.post(f"/console/souq-test/requests/{request.pk}/done/")

    assert f"/requests/{request.pk}/done/" not in console.get("/console/souq-test/").content.decode()
    assert OrderEvent.objects.filter(order=order, data__type="staff_done").count() == 1


def test_another_stores_request_cannot_be_marked(console, store, other_store) -> None:
    theirs = buyer_order(other_store)
    event = OrderEvent.objects.create(
        store=other_store,
        order=theirs,
        kind="note",
        data={"needs_staff": True},
        occurred_at=datetime.now(UTC),
    )

    assert console.post(f"/console/souq-test/requests/{event.pk}/done/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/console/souq-test/conversations/99999999999999999999999/",
        "/console/souq-test/conversations/-1/",
        "/console/souq-test/sandbox/%00/",
        "/console/souq-test/sandbox/" + "9" * 500 + "/",
        "/console/no-such-store/",
    ],
)
def test_odd_addresses_are_404_not_500(console, store, path: str) -> None:
    assert console.get(path).status_code == 404
