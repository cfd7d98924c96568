"""The one-time code that opens an order: sent on WhatsApp, hashed, short-lived, limited, and scoped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from portal.returns_portal_helpers import (
    PHONE_TYPED,
    delivered,
    last_code,
    line,
    messaging_ready,
    sign_in,
    url,
)
from wasl.messaging.models import Message
from wasl.orders.types import CustomerData
from wasl.portal.models import OtpChallenge
from wasl.portal.otp import MAX_WRONG_PER_CODE
from wasl.portal.returns_flow import return_link
from wasl.returns.services import ItemAsked, return_create
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(store, client):  # type: ignore[no-untyped-def]
    client.get(
        url(store) + "?lang=en"
    )  # the pages in English for these tests (the store's default is Arabic)
    return messaging_ready(store)


def test_the_code_goes_to_the_buyer_on_whatsapp_and_only_its_hash_is_kept(client, shop) -> None:
    order = delivered(shop)

    response = client.post(url(shop), {"number": "1001", "contact": PHONE_TYPED})

    assert response.status_code == 302
    assert response["Location"] == url(shop, "code")
    message = Message.objects.get(event="return.code")
    code = last_code(order)
    assert (message.channel, message.kind, message.template_name) == (
        "whatsapp",
        "template",
        "wasl_return_code",
    )
    assert message.template_params == [code]
    assert message.conversation.address == "+966501234567"
    challenge = OtpChallenge.objects.get()
    assert code not in (challenge.code_hash, challenge.salt)
    assert challenge.destination == "+966 •••• 67"
    assert timedelta(minutes=9) < challenge.expires_at - timezone.now() <= timedelta(minutes=10)


def test_the_right_code_opens_the_order_and_the_e_mail_finds_it_too(client, shop) -> None:
    order = delivered(shop)

    sign_in(client, shop, order, contact="sara@example.com")

    page = client.get(url(shop, "order"))
    assert page.status_code == 200
    assert "T-shirt M" in page.content.decode()
    assert OtpChallenge.objects.get().used_at is not None


def test_details_that_match_no_order_send_nothing_and_say_so(client, shop) -> None:
    delivered(shop)

    page = client.post(url(shop), {"number": "1001", "contact": "0509999999"})

    assert page.status_code == 200
    assert "We could not find an order" in page.content.decode()
    assert Message.objects.count() == 0


def test_an_expired_code_is_refused(client, shop) -> None:
    order = delivered(shop)
    client.post(url(shop), {"number": "1001", "contact": PHONE_TYPED})
    OtpChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    page = client.post(url(shop, "code"), {"code": last_code(order)})

    assert page.status_code == 200
    assert "This code has expired" in page.content.decode()
    assert client.get(url(shop, "order")).status_code == 200  # the expired-session page, not the order
    assert "T-shirt M" not in client.get(url(shop, "order")).content.decode()


def test_after_five_wrong_codes_even_the_right_one_is_refused(client, shop) -> None:
    order = delivered(shop)
    client.post(url(shop), {"number": "1001", "contact": PHONE_TYPED})
    code = last_code(order)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(MAX_WRONG_PER_CODE):
        client.post(url(shop, "code"), {"code": wrong})

    page = client.post(url(shop, "code"), {"code": code})

    assert "Too many attempts" in page.content.decode()
    assert OtpChallenge.objects.get().attempts == MAX_WRONG_PER_CODE
    assert OtpChallenge.objects.get().used_at is None


def test_a_new_code_retires_the_old_one(client, shop) -> None:
    order = delivered(shop)
    client.post(url(shop), {"number": "1001", "contact": PHONE_TYPED})
    first = last_code(order)
    client.post(url(shop, "code"), {"resend": "1"})
    second = last_code(order)

    page = client.post(url(shop, "code"), {"code": first})

    assert [c.superseded for c in OtpChallenge.objects.order_by("pk")] == [True, False]
    if first != second:  # one chance in a million that both codes are the same
        assert "This code is not right" in page.content.decode()
    assert client.post(url(shop, "code"), {"code": second})["Location"] == url(shop, "order")


def test_one_client_address_gets_ten_failed_lookups_an_hour(client, shop) -> None:
    delivered(shop)
    for _ in range(10):
        client.post(url(shop), {"number": "9999", "contact": PHONE_TYPED})

    page = client.post(url(shop), {"number": "1001", "contact": PHONE_TYPED})

    assert "Too many attempts" in page.content.decode()
    assert Message.objects.count() == 0


def test_one_order_gets_five_codes_an_hour_whatever_the_address(client, shop) -> None:
    delivered(shop)
    for n in range(5):
        sent = client.post(url(shop), {"number": "1001", "contact": PHONE_TYPED}, REMOTE_ADDR=f"10.0.0.{n}")
        assert sent.status_code == 302

    page = client.post(url(shop), {"number": "1001", "contact": PHONE_TYPED}, REMOTE_ADDR="10.0.0.99")

    assert "Too many attempts" in page.content.decode()
    assert Message.objects.filter(event="return.code").count() == 5


def test_a_buyer_never_sees_another_buyer_s_order_or_return(client, shop, other_store) -> None:
    mine = delivered(shop, "1001")
    omar = CustomerData(name="Omar", phone="0551112222", email="omar@example.com")
    theirs = delivered(shop, "2002", customer=omar)
    their_return = return_create(
        order=theirs,
        items=[ItemAsked(line(theirs, "MUG"), 1, "damaged")],
        resolution="refund",
        method="dropoff",
    ).ret
    sign_in(client, shop, mine)

    assert client.get(url(shop, "return", their_return.code)).status_code == 404
    assert client.get(url(shop, "return", their_return.code, "label.pdf")).status_code == 404
    assert client.get(url(shop, "return", their_return.code, "qr.png")).status_code == 404
    assert "Omar" not in client.get(url(shop, "order")).content.decode()
    # The session belongs to one store: the same browser is a stranger in another.
    assert "T-shirt M" not in client.get(url(other_store, "order")).content.decode()
    # My order number with the other buyer's phone finds nothing.
    page = client.post(url(shop), {"number": "1001", "contact": "0551112222"})
    assert "We could not find an order" in page.content.decode()
    # The signed link of their return opens it, and only it: it does not open mine.
    their_link = return_link(their_return).removeprefix(settings.WASL_PUBLIC_URL)
    assert client.get(their_link).status_code == 200
    token = their_link.split("?k=")[1]
    my_return = return_create(
        order=mine, items=[ItemAsked(line(mine, "MUG"), 1, "damaged")], resolution="refund", method="dropoff"
    ).ret
    client.post(url(shop, "sign-out"))
    assert client.get(url(shop, "return", my_return.code) + f"?k={token}").status_code == 404


def test_one_phone_gets_five_codes_an_hour_across_its_orders(client, shop) -> None:
    for external_id in ("1001", "1002", "1003"):
        delivered(shop, external_id)
    for external_id in ("1001", "1002", "1001", "1002", "1003"):
        sent = client.post(url(shop), {"number": external_id, "contact": PHONE_TYPED})
        assert sent.status_code == 302

    page = client.post(url(shop), {"number": "1003", "contact": PHONE_TYPED}, REMOTE_ADDR="10.9.9.9")

    assert "Too many attempts" in page.content.decode()


def test_a_store_with_e_mail_only_sends_the_code_by_e_mail(client, store) -> None:
    client.get(url(store) + "?lang=fr")
    for key, value in {"email.host": "127.0.0.1", "email.from_address": "shop@example.com"}.items():
        secret_set(store=store, key=key, value=value)
    order = delivered(store)

    client.post(url(store), {"number": "1001", "contact": "SARA@example.com"})

    message = Message.objects.get(event="return.code")
    assert (message.channel, message.kind, message.language) == ("email", "email", "fr")
    assert message.conversation.address == "sara@example.com"
    assert message.subject == "Votre code Souq Test"
    assert last_code(order) in message.body
    assert OtpChallenge.objects.get().destination == "s•••@example.com"


def test_a_store_that_cannot_send_says_so(client, store) -> None:
    client.get(url(store) + "?lang=en")
    delivered(store)

    page = client.post(url(store), {"number": "1001", "contact": PHONE_TYPED})

    assert "We cannot send you a code right now." in page.content.decode()
    assert OtpChallenge.objects.count() == 0
