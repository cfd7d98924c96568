"""The channel settings page: who may see it, secrets never shown again, validation, and a test message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from console_helpers import member
from django.test import Client
from django_tasks_db.models import DBTaskResult
from messaging_helpers import run_send_tasks

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.messaging.models import Message
from wasl.stores.crypto import encrypt
from wasl.stores.models import IntegrationSecret, SettingChange
from wasl.stores.selectors import secret_get
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db

PAGE = "/console/souq-test/settings/"
TOKEN = "EAAG-very-secret-access-token-9f3a"
WHATSAPP = {
    "whatsapp-phone_number_id": "1122334455667",
    "whatsapp-token": TOKEN,
    "whatsapp-app_secret": "app-secret-0123456789",
    "whatsapp-verify_token": "verify-me",
    "whatsapp-graph_url": "",
    "whatsapp-rate_per_s": "",
}


def stored(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    keys = IntegrationSecret.objects.filter(store=store).values_list("key", flat=True)
    return {key: secret_get(store=store, key=key) or "" for key in sorted(keys)}


def trail() -> list[tuple[str, str, str, str]]:
    return list(SettingChange.objects.order_by("id").values_list("key", "action", "actor", "source"))


@pytest.fixture
def whatsapp_saved(console, store) -> None:  # type: ignore[no-untyped-def]
    answer = console.post(f"{PAGE}whatsapp/", WHATSAPP)
    assert (answer.status_code, answer["Location"]) == (302, f"{PAGE}#whatsapp")


# --- who sees it ---


def test_the_page_needs_a_signed_in_user(client, store) -> None:
    answer = client.get(PAGE)
    assert (answer.status_code, answer["Location"]) == (302, f"/console/login/?next={PAGE}")


def test_another_stores_settings_are_404_to_read_save_and_test(console, store, other_store) -> None:
    secret_set(store=other_store, key="whatsapp.token", value=TOKEN)
    for path in ("/console/other-shop/settings/",):
        assert console.get(path).status_code == 404
    assert console.post("/console/other-shop/settings/whatsapp/", WHATSAPP).status_code == 404
    test = {"whatsapp-test-to": "+201001234567", "whatsapp-test-token": "t1"}
    assert console.post("/console/other-shop/settings/whatsapp/test/", test).status_code == 404
    assert stored(other_store) == {"whatsapp.token": TOKEN}
    assert Message.objects.count() == 0


def test_an_unknown_channel_is_404(console, store) -> None:
    assert console.post(f"{PAGE}telegram/", {}).status_code == 404
    assert console.get(f"{PAGE}whatsapp/").status_code == 405


def test_the_console_links_to_the_page(console, store) -> None:
    page = console.get("/console/souq-test/").content.decode()
    assert f'href="{PAGE}"' in page


# --- secrets ---


def test_saved_secrets_are_shown_only_by_their_last_characters(console, store, whatsapp_saved) -> None:
    page = console.get(PAGE).content.decode()

    assert stored(store) == {
        "whatsapp.app_secret": "app-secret-0123456789",
        "whatsapp.phone_number_id": "1122334455667",
        "whatsapp.token": TOKEN,
        "whatsapp.verify_token": "verify-me",
    }
    assert TOKEN not in page and "app-secret-0123456789" not in page and "verify-me" not in page
    assert "••••9f3a" in page and "••••6789" in page
    assert "••••••••" in page  # the verify token is too short to show any of it
    assert 'value="1122334455667"' in page  # not a secret: shown in full
    assert "Configured" in page


def test_an_empty_secret_keeps_the_stored_one_and_only_changes_are_recorded(
    console, store, agent, whatsapp_saved
) -> None:
    before = len(trail())
    form = {**WHATSAPP, "whatsapp-token": "", "whatsapp-app_secret": "", "whatsapp-verify_token": ""}
    form["whatsapp-rate_per_s"] = "40"

    answer = console.post(f"{PAGE}whatsapp/", form, follow=True)

    assert stored(store)["whatsapp.token"] == TOKEN
    assert stored(store)["whatsapp.rate_per_s"] == "40"
    assert trail()[before:] == [("whatsapp.rate_per_s", "set", "agent", "console")]
    assert "WhatsApp settings saved." in answer.content.decode()


def test_saving_the_same_values_changes_nothing(console, store, whatsapp_saved) -> None:
    before = len(trail())
    answer = console.post(f"{PAGE}whatsapp/", WHATSAPP, follow=True)

    assert len(trail()) == before
    assert "Nothing to change in the WhatsApp settings." in answer.content.decode()


def test_clear_removes_a_secret_and_is_on_the_trail(console, store, whatsapp_saved) -> None:
    form = {**WHATSAPP, "whatsapp-token": "", "whatsapp-app_secret": "", "whatsapp-verify_token": ""}
    form["whatsapp-token__clear"] = "on"

    console.post(f"{PAGE}whatsapp/", form)

    assert "whatsapp.token" not in stored(store)
    assert trail()[-1] == ("whatsapp.token", "cleared", "agent", "console")
    page = console.get(PAGE).content.decode()
    assert "Not configured" in page and "Still missing: Access token." in page


def test_a_new_value_and_clear_together_are_refused(console, store, whatsapp_saved) -> None:
    form = {**WHATSAPP, "whatsapp-token": "EAAG-another-token-000000", "whatsapp-token__clear": "on"}

    answer = console.post(f"{PAGE}whatsapp/", form)

    assert answer.status_code == 400
    assert "Type a new value or tick Clear, not both." in answer.content.decode()
    assert stored(store)["whatsapp.token"] == TOKEN


def test_an_emptied_plain_value_is_removed(console, store, whatsapp_saved) -> None:
    console.post(f"{PAGE}whatsapp/", {**WHATSAPP, "whatsapp-rate_per_s": "40"})
    console.post(f"{PAGE}whatsapp/", {**WHATSAPP, "whatsapp-token": ""})

    assert "whatsapp.rate_per_s" not in stored(store)
    assert trail()[-1] == ("whatsapp.rate_per_s", "cleared", "agent", "console")


def test_a_value_the_current_key_cannot_read_is_said_and_kept(console, store) -> None:
    from cryptography.fernet import Fernet

    foreign = Fernet(Fernet.generate_key()).encrypt(b"1122334455667").decode()
    IntegrationSecret.objects.create(store=store, key="whatsapp.phone_number_id", encrypted_value=foreign)
    secret_set(store=store, key="whatsapp.token", value=TOKEN)

    page = console.get(PAGE)
    console.post(f"{PAGE}whatsapp/", {**WHATSAPP, "whatsapp-phone_number_id": "", "whatsapp-token": ""})

    assert page.status_code == 200
    assert "cannot be read with the current encryption key" in page.content.decode()
    assert IntegrationSecret.objects.get(key="whatsapp.phone_number_id").encrypted_value == foreign


# --- validation ---


@pytest.mark.parametrize(
    ("channel", "field", "value", "said"),
    [
        ("whatsapp", "phone_number_id", "+966 50 123", "Digits only"),
        ("whatsapp", "rate_per_s", "-5", "A positive number of messages per second"),
        ("whatsapp", "rate_per_s", "fast", "A positive number of messages per second"),
        ("whatsapp", "rate_per_s", "NaN", "A positive number of messages per second"),
        ("whatsapp", "graph_url", "ftp://graph.example", "An address starting with http:// or https://."),
        ("whatsapp", "token", "EAAG with spaces", "No spaces"),
        ("sms", "base_url", "twilio", "An address starting with http:// or https://."),
        ("sms", "from_number", "0501234567", "A phone number in international form"),
        ("sms", "account_sid", "AC 12", "Letters and digits only"),
        ("sms", "rate_per_s", "0", "A positive number of messages per second"),
        ("email", "port", "70000", "A port number from 1 to 65535"),
        ("email", "port", "0", "A port number from 1 to 65535"),
        ("email", "from_address", "orders at shop", "An e-mail address such as shop@example.com"),
        ("email", "host", "smtp example.com", "A host name such as smtp.example.com."),
        ("email", "host", "x" * 300, "Ensure this value has at most 255 characters"),
    ],
)
def test_bad_values_are_said_on_the_page_and_nothing_is_stored(
    console, store, channel: str, field: str, value: str, said: str
) -> None:
    answer = console.post(f"{PAGE}{channel}/", {f"{channel}-{field}": value})

    assert answer.status_code == 400
    assert said in answer.content.decode()
    assert stored(store) == {}


def test_odd_input_never_gives_a_500(console, store) -> None:
    for value in ("\x00", "١٢٣", "9" * 31, "1e400", "  "):
        for field in ("phone_number_id", "rate_per_s", "graph_url", "token"):
            answer = console.post(f"{PAGE}whatsapp/", {f"whatsapp-{field}": value})
            assert answer.status_code in (302, 400), (field, value)


def test_email_settings_with_their_flags(console, store) -> None:
    form = {
        "email-host": "smtp.example.com",
        "email-port": "587",
        "email-username": "orders",
        "email-password": "smtp-password-123",
        "email-use_tls": "on",
        "email-from_address": "Souq <orders@example.com>",
    }
    console.post(f"{PAGE}email/", form)
    assert stored(store) == {
        "email.from_address": "Souq <orders@example.com>",
        "email.host": "smtp.example.com",
        "email.password": "smtp-password-123",
        "email.port": "587",
        "email.use_tls": "true",
        "email.username": "orders",
    }

    console.post(f"{PAGE}email/", {**form, "email-password": "", "email-use_tls": ""})
    assert "email.use_tls" not in stored(store)
    assert stored(store)["email.password"] == "smtp-password-123"

    answer = console.post(f"{PAGE}email/", {**form, "email-use_ssl": "on"})
    assert answer.status_code == 400
    assert "Choose STARTTLS or TLS from the start, not both." in answer.content.decode()


def test_posts_without_the_csrf_token_are_refused(store, agent) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    answer = client.post(f"{PAGE}whatsapp/", WHATSAPP)

    assert (answer.status_code, stored(store)) == (403, {})


# --- what to give the providers ---


def test_webhook_addresses_and_the_verify_token_hint(console, store, whatsapp_saved) -> None:
    page = console.get(PAGE).content.decode()

    assert "https://wasl.example/webhooks/whatsapp/souq-test/" in page
    assert "https://wasl.example/webhooks/sms/souq-test/" in page
    assert "Verify token: the one saved above" in page
    assert "Webhooks are refused until these are saved: Auth token." in page  # SMS is not set up


# --- test messages ---


def test_a_test_message_is_queued_once_for_the_typed_phone(console, store, agent, whatsapp_saved) -> None:
    form = {"whatsapp-test-to": "050 123 4567", "whatsapp-test-token": "form-1"}

    first = console.post(f"{PAGE}whatsapp/test/", form, follow=True)
    console.post(f"{PAGE}whatsapp/test/", form)

    [message] = Message.objects.all()
    assert (message.channel, message.kind, message.status, message.conversation.address) == (
        "whatsapp",
        "text",
        "queued",
        "+966501234567",
    )
    assert message.idempotency_key == "test:whatsapp:form-1"
    assert message.extra == {"test_by": agent.pk}
    assert "Souq Test" in message.body
    assert [t.task_path.rsplit(".", 1)[1] for t in DBTaskResult.objects.all()] == ["send_message"]
    page = first.content.decode()
    assert "Test message to +966501234567 queued." in page
    assert "Queued" in page


def test_a_test_message_needs_the_channel_set_up_and_a_readable_phone(console, store) -> None:
    answer = console.post(f"{PAGE}sms/test/", {"sms-test-to": "+966501234567", "sms-test-token": "f"})
    assert answer.status_code == 400
    assert "Set up this channel and save it before sending a test message." in answer.content.decode()

    for key, value in {
        "sms.account_sid": "AC0123",
        "sms.auth_token": "sms-token-0123456789",
        "sms.from_number": "+15005550006",
    }.items():
        secret_set(store=store, key=key, value=value)
    answer = console.post(f"{PAGE}sms/test/", {"sms-test-to": "call me", "sms-test-token": "f"})
    assert answer.status_code == 400
    assert "This is not a phone number we can read." in answer.content.decode()

    answer = console.post(f"{PAGE}email/test/", {"email-test-to": "nobody", "email-test-token": "f"})
    assert answer.status_code == 400
    assert Message.objects.count() == 0


@pytest.fixture
def graph(store) -> Iterator[GraphStandIn]:  # type: ignore[no-untyped-def]
    stand_in = GraphStandIn(token=TOKEN)
    running = serve_in_thread(stand_in)
    try:
        yield stand_in, running.url
    finally:
        stand_in.close()
        running.stop()


def test_a_test_message_goes_through_the_real_client_and_the_page_reports_it(console, store, graph) -> None:
    stand_in, url = graph
    console.post(f"{PAGE}whatsapp/", {**WHATSAPP, "whatsapp-graph_url": url})
    console.post(f"{PAGE}whatsapp/test/", {"whatsapp-test-to": "+966501234567", "whatsapp-test-token": "a"})

    assert run_send_tasks() == ["sent"]

    [sent] = stand_in.sent()
    assert (sent["phone_number_id"], sent["body"]["to"], sent["body"]["type"]) == (
        "1122334455667",
        "+966501234567",
        "text",
    )
    assert sent["body"]["biz_opaque_callback_data"] == "test:whatsapp:a"
    page = console.get(PAGE).content.decode()
    assert '<td class="status-sent">Sent' in page


def test_a_refused_test_message_shows_the_providers_reason(console, store, graph) -> None:
    _stand_in, url = graph
    console.post(
        f"{PAGE}whatsapp/", {**WHATSAPP, "whatsapp-graph_url": url, "whatsapp-token": "EAAG-wrong-0000"}
    )
    console.post(f"{PAGE}whatsapp/test/", {"whatsapp-test-to": "+966501234567", "whatsapp-test-token": "b"})

    assert run_send_tasks() == ["failed"]

    page = console.get(PAGE).content.decode()
    assert '<td class="status-failed">Failed' in page and ">190</span>" in page


# --- languages ---


def test_the_page_in_arabic_is_right_to_left_and_translated(console, store, whatsapp_saved) -> None:
    console.cookies["django_language"] = "ar"

    page = console.get(PAGE).content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    assert "إعدادات القنوات" in page and "رسالة تجريبية" in page


def test_the_page_in_french(console, store) -> None:
    console.cookies["django_language"] = "fr"

    page = console.get(PAGE).content.decode()

    assert "Réglages des canaux" in page and "Envoyer un message de test" in page


def test_a_member_with_another_role_sees_the_same_page(client, store) -> None:
    owner = member(store, "owner", "owner")
    client.force_login(owner)
    assert client.get(PAGE).status_code == 200


def test_values_stored_by_the_command_line_show_on_the_page(console, store) -> None:
    IntegrationSecret.objects.create(
        store=store, key="sms.base_url", encrypted_value=encrypt("http://127.0.0.1:8900"), hint=""
    )
    page = console.get(PAGE).content.decode()
    assert 'value="http://127.0.0.1:8900"' in page
