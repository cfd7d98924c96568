"""Message texts: the list, the editor with its variables and approved-template mapping, the preview with a
sample order in the language edited, validation, saving (read by messaging), going back to the built-in text."""

from __future__ import annotations

import pytest
from console_helpers import member

from wasl.console.selectors_setup import WORDED
from wasl.messaging.models import Template
from wasl.messaging.rendering import LRI, PDI
from wasl.messaging.selectors import TemplateInForce, template_for
from wasl.stores.models import SettingChange

pytestmark = pytest.mark.django_db

LIST = "/console/souq-test/setup/templates/"
DELIVERED_FR = LIST + "shipment.delivered/fr/"
TEXT_FR = (
    "Bonjour {customer_name}, {order_number} est arrivée. Total : {total}. Merci de la part de {store_name} !"
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def manager(client, store):  # type: ignore[no-untyped-def]
    client.force_login(member(store, "mona", role="manager"))
    return client


def trail() -> list[tuple[str, str, str, str]]:
    return list(SettingChange.objects.order_by("id").values_list("key", "action", "actor", "source"))


def test_given_no_text_of_its_own_when_the_list_is_read_then_every_message_uses_the_built_in_text(
    manager, store
) -> None:
    page = manager.get(LIST).content.decode()

    assert len(WORDED) == 14  # 7 order and parcel messages, 5 about returns, 2 about failed deliveries
    assert page.count("Built-in text") == 14 * 3
    assert f'href="{DELIVERED_FR}"' in page
    assert f'href="{LIST}return.approved/ar/"' in page
    assert f'href="{LIST}ndr.ask/en/"' in page


def test_given_arabic_when_the_editor_opens_then_the_preview_is_the_built_in_text_right_to_left(
    manager, store
) -> None:
    page = manager.get(LIST + "shipment.delivered/ar/").content.decode()

    preview = f"مرحبًا سارة، تم تسليم طلبك {LRI}#1042{PDI}. شكرًا لتسوقك معنا!"
    assert f'<p lang="ar" dir="rtl">{preview}</p>' in page
    assert '<td dir="ltr">{{1}}</td><td dir="ltr">customer_name</td><td dir="auto">سارة</td>' in page
    assert '<code dir="ltr">wasl_delivered</code>' in page
    assert '<textarea name="body" cols="40" rows="5" dir="rtl"' in page


def test_when_previewed_then_the_text_is_filled_in_french_and_nothing_is_saved(manager, store) -> None:
    answer = manager.post(
        DELIVERED_FR,
        {"body": TEXT_FR, "param_names": "order_number, total", "enabled": "on", "action": "preview"},
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    filled = "Bonjour Camille, #1042 est arrivée. Total : 249,50\xa0SAR. Merci de la part de Souq Test !"
    assert f'<p lang="fr" dir="ltr">{filled}</p>' in page
    assert '<td dir="ltr">{{2}}</td><td dir="ltr">total</td><td dir="auto">249,50\xa0SAR</td>' in page
    assert Template.objects.count() == 0
    assert trail() == []


def test_when_saved_then_the_row_holds_exactly_what_was_typed_and_messaging_sends_it(manager, store) -> None:
    answer = manager.post(
        DELIVERED_FR,
        {
            "body": TEXT_FR,
            "provider_name": "souq_delivered_v2",
            "param_names": "{customer_name}, order_number",
            "enabled": "on",
            "action": "save",
        },
    )

    assert (answer.status_code, answer["Location"]) == (302, DELIVERED_FR)
    row = Template.objects.get()
    assert (
        row.store_id,
        row.event,
        row.language,
        row.body,
        row.provider_name,
        row.param_names,
        row.enabled,
    ) == (
        store.pk,
        "shipment.delivered",
        "fr",
        TEXT_FR,
        "souq_delivered_v2",
        ["customer_name", "order_number"],
        True,
    )
    assert template_for(store_id=store.pk, event="shipment.delivered", language="fr") == TemplateInForce(
        TEXT_FR, "souq_delivered_v2", ("customer_name", "order_number")
    )
    assert trail() == [("template.shipment.delivered.fr", "set", "mona", "console")]
    assert "Your text" in manager.get(LIST).content.decode()


def test_an_unknown_variable_is_a_form_error_and_nothing_is_saved(manager, store) -> None:
    answer = manager.post(
        DELIVERED_FR, {"body": "Bonjour {customer_name}, code {coupon} {Total}", "action": "save"}
    )

    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Unknown variables: {coupon}, {Total}. Use only the variables listed." in page
    assert "Fix the text to see it filled in." in page
    assert Template.objects.count() == 0
    assert trail() == []


def test_an_unknown_parameter_or_template_name_is_a_form_error(manager, store) -> None:
    answer = manager.post(
        DELIVERED_FR,
        {"body": "Bonjour", "provider_name": "Souq Delivered", "param_names": "customer_name return_code"},
    )

    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Unknown variables: return_code. Use only the variables listed." in page
    assert "A template name has lower-case letters, digits and _ only." in page
    assert Template.objects.count() == 0


def test_a_return_message_may_use_the_return_code(manager, store) -> None:
    answer = manager.post(
        LIST + "return.approved/en/", {"body": "Code {return_code} for {order_number}", "action": "save"}
    )

    assert answer.status_code == 302
    assert Template.objects.get().body == "Code {return_code} for {order_number}"


def test_a_message_switched_off_in_one_language_is_not_sent_in_it(manager, store) -> None:
    manager.post(LIST + "order.confirmed/en/", {"body": "Hi {customer_name}", "action": "save"})

    assert template_for(store_id=store.pk, event="order.confirmed", language="en") is None
    assert template_for(store_id=store.pk, event="order.confirmed", language="fr") is not None
    assert "Not sent" in manager.get(LIST).content.decode()


def test_going_back_to_the_built_in_text_removes_the_row_once(manager, store) -> None:
    manager.post(DELIVERED_FR, {"body": TEXT_FR, "enabled": "on", "action": "save"})

    first = manager.post(DELIVERED_FR + "reset/")
    second = manager.post(DELIVERED_FR + "reset/")

    assert (first.status_code, first["Location"], second.status_code) == (302, DELIVERED_FR, 302)
    assert Template.objects.count() == 0
    assert trail() == [
        ("template.shipment.delivered.fr", "set", "mona", "console"),
        ("template.shipment.delivered.fr", "cleared", "mona", "console"),
    ]


def test_unknown_messages_and_languages_are_404(manager, store) -> None:
    assert manager.get(LIST + "shipment.teleported/fr/").status_code == 404
    assert manager.get(LIST + "review.request/fr/").status_code == 404  # worded by its own flow
    assert manager.get(LIST + "shipment.delivered/de/").status_code == 404


def test_agents_get_403_and_other_stores_404_when_saving(client, console, store, other_store) -> None:
    assert console.post(DELIVERED_FR, {"body": "x", "action": "save"}).status_code == 403
    assert console.post(DELIVERED_FR + "reset/").status_code == 403
    client.force_login(member(other_store, "nour", role="owner"))
    assert client.post(DELIVERED_FR, {"body": "x", "action": "save"}).status_code == 404
    assert Template.objects.count() == 0


def test_the_shipped_preview_has_the_sample_parcels_tracking_link_and_promised_date(manager, store) -> None:
    from datetime import date, timedelta

    from babel.dates import format_date

    page = manager.get(LIST + "shipment.shipped/en/").content.decode()

    promised = format_date(date.today() + timedelta(days=2), format="long", locale="en")
    assert f"Hi Sarah, your order #1042 has shipped. Expected delivery: {promised}. Track it here: " in page
    assert "https://wasl.example/t/souq-test/WSL0001042/" in page
