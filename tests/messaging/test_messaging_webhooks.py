"""/webhooks/whatsapp/<store>/ and /webhooks/sms/<store>/: handshake, signatures, storage, processing once."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django_tasks_db.models import DBTaskResult
from messaging_helpers import SMS_SETTINGS, WHATSAPP_SETTINGS

from wasl.messaging.channels.sms.webhook import compute_signature
from wasl.messaging.models import Consent, Conversation, Message
from wasl.webhooks.models import InboundStatus, InboundWebhook
from wasl.webhooks.services import inbound_webhook_process

pytestmark = pytest.mark.django_db
URL = "/webhooks/whatsapp/souq-test/"
SMS_URL = "/webhooks/sms/souq-test/"
APP_SECRET = WHATSAPP_SETTINGS["whatsapp.app_secret"]


def signed(body: bytes, secret: str = APP_SECRET) -> dict[str, str]:
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()}


def realdata_body(realdata: Path, name: str, variant: str) -> bytes:
    return json.dumps(json.loads((realdata / f"whatsapp/{name}.json").read_text())[variant]).encode()


def text_body(
    text: str, wamid: str = "wamid.in-1", phone: str = "966501234567", timestamp: int = 1777000000
) -> bytes:
    return json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "1",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": "15550001234",
                                    "phone_number_id": "1122334455667",
                                },
                                "contacts": [{"profile": {"name": "Sara"}, "wa_id": phone}],
                                "messages": [
                                    {
                                        "from": phone,
                                        "id": wamid,
                                        "timestamp": str(timestamp),
                                        "type": "text",
                                        "text": {"body": text},
                                    }
                                ],
                            },
                        }
                    ],
                }
            ],
        },
        ensure_ascii=False,
    ).encode()


def post(client, body: bytes, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post(URL, body, content_type="application/json", headers=headers)


def process_all() -> None:
    for webhook in InboundWebhook.objects.order_by("pk"):
        inbound_webhook_process(webhook_id=webhook.pk)


def test_given_the_verify_token_when_meta_checks_the_url_then_the_challenge_comes_back(
    client, messaging_store
) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"}
    answer = client.get(URL, params)
    assert (answer.status_code, answer.content, answer["Content-Type"]) == (200, b"1158201444", "text/plain")


@pytest.mark.parametrize("token", ["wrong", ""])
def test_given_a_wrong_verify_token_when_meta_checks_the_url_then_403(
    client, messaging_store, token: str
) -> None:
    answer = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1"})
    assert (answer.status_code, answer.json()["code"]) == (403, "verification_failed")


def test_given_a_real_signed_text_when_posted_then_stored_before_the_answer_and_processed_once(
    client, messaging_store, realdata: Path
) -> None:
    body = realdata_body(realdata, "message", "text")
    answer = post(client, body, signed(body))
    assert (answer.status_code, answer.json()["result"]) == (202, "accepted")
    webhook = InboundWebhook.objects.get()
    assert (webhook.source, bytes(webhook.body)) == ("whatsapp", body)
    assert DBTaskResult.objects.get().task_path == "wasl.webhooks.tasks.process_inbound_webhook"

    assert (post(client, body, signed(body)).json()["result"]) == "duplicate"
    inbound_webhook_process(webhook_id=webhook.pk)
    webhook.refresh_from_db()
    webhook.status = InboundStatus.PENDING  # processing the same body a second time changes nothing
    webhook.save()
    inbound_webhook_process(webhook_id=webhook.pk)

    webhook.refresh_from_db()
    assert webhook.status == InboundStatus.PROCESSED
    inbound = Message.objects.get(direction="in")
    assert (inbound.body, inbound.provider_id, inbound.conversation.address, inbound.status) == (
        "Body Text",
        "wamid.xyzxyz",
        "+972987654321",
        "received",
    )
    conversation = inbound.conversation
    assert conversation.window_expires_at is not None
    assert (conversation.window_expires_at - conversation.last_inbound_at).total_seconds() == 24 * 3600
    [menu] = Message.objects.filter(direction="out")
    assert (menu.kind, menu.idempotency_key, [b["id"] for b in menu.buttons]) == (
        "buttons",
        "reply:in:whatsapp:wamid.xyzxyz",
        ["menu:where", "menu:change", "menu:human"],
    )


@pytest.mark.parametrize(
    ("headers", "code"),
    [({}, "invalid_signature"), ({"X-Hub-Signature-256": "sha256=00"}, "invalid_signature")],
)
def test_given_an_unsigned_or_badly_signed_body_when_posted_then_401_and_nothing_stored(
    client, messaging_store, headers: dict[str, str], code: str
) -> None:
    answer = post(client, text_body("hi"), headers)
    assert (answer.status_code, answer.json()["code"], InboundWebhook.objects.count()) == (401, code, 0)


def test_given_a_signed_body_that_is_not_a_whatsapp_webhook_when_posted_then_400_and_nothing_stored(
    client, messaging_store
) -> None:
    body = b'{"object": "page", "entry": []}'
    answer = post(client, body, signed(body))
    assert (answer.status_code, answer.json()["code"], InboundWebhook.objects.count()) == (
        400,
        "not_whatsapp",
        0,
    )


def test_given_a_store_without_an_app_secret_when_posted_then_401_not_configured(client, store) -> None:
    answer = post(client, text_body("hi"), signed(text_body("hi")))
    assert (answer.status_code, answer.json()["code"]) == (401, "not_configured")


def test_given_the_realdata_signature_vector_when_its_secret_is_set_then_the_body_is_accepted(
    client, store, realdata: Path
) -> None:
    from wasl.stores.services import secret_set

    vector = json.loads((realdata / "whatsapp/signature_vector.json").read_text())
    secret_set(store=store, key="whatsapp.app_secret", value=vector["app_secret"])
    answer = post(client, vector["raw_body"].encode(), {"X-Hub-Signature-256": vector["x_hub_signature_256"]})
    assert answer.status_code == 202


@pytest.mark.parametrize(
    ("word", "opted_out", "confirmation"),
    [
        ("STOP", True, "You will no longer receive order notifications. Reply START to turn them back on."),
        ("إلغاء", True, "تم إيقاف إشعارات الطلبات. أرسل «اشتراك» لإعادة تفعيلها."),
        (
            "ARRÊT",
            True,
            "Vous ne recevrez plus de notifications de commande. Envoyez DEMARRER pour les réactiver.",
        ),
        ("START", False, "Order notifications are back on. Reply STOP to turn them off."),
    ],
)
def test_given_a_consent_word_when_received_then_honoured_at_once_and_confirmed_in_its_language(
    client, messaging_store, word: str, opted_out: bool, confirmation: str
) -> None:
    body = text_body(word)
    post(client, body, signed(body))
    process_all()
    consent = Consent.objects.get(phone="+966501234567")
    assert (consent.transactional_opt_out, consent.source) == (opted_out, f"whatsapp:{word}")
    [answer] = Message.objects.filter(direction="out")
    assert (answer.kind, answer.body, answer.idempotency_key) == (
        "text",
        confirmation,
        "consent:in:whatsapp:wamid.in-1",
    )


def test_given_an_opt_out_then_an_opt_in_when_received_then_consent_is_restored(
    client, messaging_store
) -> None:
    for n, word in enumerate(["STOP", "START"]):
        body = text_body(word, wamid=f"wamid.{n}", timestamp=1777000000 + n)
        post(client, body, signed(body))
    process_all()
    assert Consent.objects.get().transactional_opt_out is False
    assert Message.objects.filter(direction="out").count() == 2


def test_given_a_batched_body_when_processed_then_every_message_and_status_is_applied(
    client, messaging_store
) -> None:
    # Given one body with two entries: two buyer messages, and a status for a message we sent
    first, second = (
        json.loads(text_body("Bonjour, où est ma commande ?", "wamid.1")),
        json.loads(text_body("merci", "wamid.2", phone="212612345678", timestamp=1777000001)),
    )
    conversation = Conversation.objects.create(
        store=messaging_store, channel="whatsapp", address="+966501234567"
    )
    Message.objects.create(
        store=messaging_store, conversation=conversation, direction="out", channel="whatsapp", kind="text",
        idempotency_key="ours", provider_id="wamid.ours", status="sent",
    )  # fmt: skip
    second["entry"][0]["changes"][0]["value"]["statuses"] = [
        {"id": "wamid.ours", "status": "delivered", "timestamp": "1777000002", "recipient_id": "966501234567"}
    ]
    body = json.dumps(
        {"object": "whatsapp_business_account", "entry": first["entry"] + second["entry"]}
    ).encode()
    post(client, body, signed(body))
    process_all()
    assert InboundWebhook.objects.get().result == {
        "kind": "whatsapp",
        "statuses": 1,
        "unknown_statuses": 0,
        "messages": 2,
        "repeated_messages": 0,
        "ignored": 0,
    }
    assert Message.objects.get(provider_id="wamid.ours").status == "delivered"
    assert dict(Conversation.objects.values_list("address", "language")) == {
        "+966501234567": "fr",
        "+212612345678": "fr",
    }


def test_given_a_conversation_with_a_human_when_the_buyer_writes_then_the_bot_stays_quiet(
    client, messaging_store
) -> None:
    Conversation.objects.create(
        store=messaging_store, channel="whatsapp", address="+966501234567", state="human"
    )
    body = text_body("hello?")
    post(client, body, signed(body))
    process_all()
    assert list(Message.objects.values_list("direction", flat=True)) == ["in"]


def sms_post(client, form: dict[str, str], token: str = SMS_SETTINGS["sms.auth_token"]):  # type: ignore[no-untyped-def]
    signature = compute_signature(f"http://testserver{SMS_URL}", form, token)
    return client.post(
        SMS_URL,
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature},
    )


def test_given_a_signed_incoming_sms_when_posted_then_stored_answered_with_twiml_and_processed(
    client, messaging_store
) -> None:
    form = {
        "MessageSid": "SM1",
        "From": "+966501234567",
        "To": "+15005550006",
        "Body": "STOP",
        "SmsStatus": "received",
    }
    answer = sms_post(client, form)
    assert (answer.status_code, answer["Content-Type"]) == (202, "text/xml")
    process_all()
    assert Consent.objects.get().transactional_opt_out is True
    assert Message.objects.get(direction="in").channel == "sms"


def test_given_an_sms_status_callback_when_processed_then_the_message_status_moves(
    client, messaging_store
) -> None:
    conversation = Conversation.objects.create(store=messaging_store, channel="sms", address="+966501234567")
    Message.objects.create(
        store=messaging_store, conversation=conversation, direction="out", channel="sms", kind="text",
        idempotency_key="ours", provider_id="SM9", status="sent",
    )  # fmt: skip
    sms_post(client, {"MessageSid": "SM9", "MessageStatus": "delivered", "To": "+966501234567"})
    process_all()
    assert Message.objects.get(provider_id="SM9").status == "delivered"


def test_given_a_wrongly_signed_sms_when_posted_then_401_and_nothing_stored(client, messaging_store) -> None:
    answer = sms_post(client, {"MessageSid": "SM1", "From": "+1", "To": "+2", "Body": "x"}, token="wrong")
    assert (answer.status_code, answer.json()["code"], InboundWebhook.objects.count()) == (
        401,
        "invalid_signature",
        0,
    )


def test_given_a_get_on_another_source_when_called_then_405_with_a_code(client, store) -> None:
    answer = client.get("/webhooks/shopify/souq-test/")
    assert (answer.status_code, answer.json()["code"]) == (405, "method_not_allowed")
