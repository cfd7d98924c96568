"""Twilio's request validation (checked against the vectors of Twilio's own helper library) and its webhooks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.http import QueryDict

from wasl.core.errors import Invalid
from wasl.messaging.channels.sms import compute_signature, is_valid_signature, parse_inbound, parse_status
from wasl.messaging.channels.sms.webhook import delivery_failure_kind
from wasl.messaging.channels.types import NOT_ON_CHANNEL, PERMANENT, TEMPORARY

# The published test vector of twilio-python's RequestValidator tests.
TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
    "Caller": "+14158675309",
}
AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def test_the_signature_matches_twilios_published_vector() -> None:
    assert compute_signature(URL, PARAMS, TOKEN) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert is_valid_signature(
        url=URL, params=PARAMS, signature="RSOYDt4T1cUTdK1PDd93/VVr8B8=", auth_token=TOKEN
    )


def test_repeated_parameters_are_signed_in_value_order_as_twilio_does() -> None:
    form = QueryDict("Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234")

    assert compute_signature(URL, form, TOKEN) == "IK+Dwps556ElfBT0I3Rgjkr1wJU="
    assert compute_signature(
        URL, [("Digits", "5678"), ("Sid", "CA123"), ("Digits", "1234"), ("SidAccount", "AC123")], TOKEN
    ) == ("IK+Dwps556ElfBT0I3Rgjkr1wJU=")


@pytest.mark.parametrize(
    ("url", "signature"),
    [
        # Signed without the port, requested with one (https and http).
        ("https://mycompany.com:1234/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        ("http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="),
        # Signed with the scheme's default port, requested without it.
        ("https://mycompany.com/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w="),
        ("http://mycompany.com/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4="),
    ],
)
def test_the_port_is_tolerated_both_ways_like_twilios_helpers(url: str, signature: str) -> None:
    assert is_valid_signature(url=url, params=PARAMS, signature=signature, auth_token=TOKEN)


@pytest.mark.parametrize(
    ("url", "params", "signature", "token"),
    [
        (URL, PARAMS | {"Digits": "1235"}, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", TOKEN),
        (URL, PARAMS | {"Extra": "x"}, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", TOKEN),
        (URL.replace("foo=1", "foo=2"), PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", TOKEN),
        (URL, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "54321"),
        (URL, PARAMS, "", TOKEN),
        (URL, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", ""),
        (URL, PARAMS, "not base64 at all", TOKEN),
    ],
)
def test_anything_changed_or_missing_fails_validation(
    url: str, params: dict[str, str], signature: str, token: str
) -> None:
    assert not is_valid_signature(url=url, params=params, signature=signature, auth_token=token)


def inbound_form(**overrides: str) -> dict[str, str]:
    form = {
        "ToCountry": "US",
        "SmsMessageSid": "SM" + "a" * 32,
        "NumMedia": "0",
        "SmsSid": "SM" + "a" * 32,
        "SmsStatus": "received",
        "Body": "نعم، أؤكد الطلب",
        "To": "+15005550006",
        "NumSegments": "1",
        "MessageSid": "SM" + "a" * 32,
        "AccountSid": "AC" + "1" * 32,
        "From": "+966501234567",
        "FromCountry": "SA",
        "ApiVersion": "2010-04-01",
    }
    return form | overrides


def test_an_incoming_sms_becomes_an_inbound_text() -> None:
    inbound = parse_inbound(inbound_form(), received_at=AT)

    assert inbound.provider_id == "SM" + "a" * 32
    assert (inbound.channel, inbound.kind, inbound.text) == ("sms", "text", "نعم، أؤكد الطلب")
    assert (inbound.from_phone, inbound.to_id, inbound.received_at) == ("+966501234567", "+15005550006", AT)
    assert inbound.extra == {
        "AccountSid": "AC" + "1" * 32,
        "NumSegments": "1",
        "NumMedia": "0",
        "FromCountry": "SA",
    }


def test_an_incoming_picture_without_text_is_other_and_keeps_its_media() -> None:
    form = inbound_form(
        Body="", NumMedia="1", MediaUrl0="https://api.twilio.com/m/1", MediaContentType0="image/jpeg"
    )

    inbound = parse_inbound(form, received_at=AT)

    assert (inbound.kind, inbound.text) == ("other", "")
    assert inbound.extra["MediaUrl0"] == "https://api.twilio.com/m/1"
    assert inbound.extra["MediaContentType0"] == "image/jpeg"


def test_nul_characters_in_the_body_are_dropped() -> None:
    assert parse_inbound(inbound_form(Body="ok\x00"), received_at=AT).text == "ok"


def test_an_incoming_sms_without_a_sender_is_a_clear_error() -> None:
    form = inbound_form()
    del form["From"]

    with pytest.raises(Invalid) as error:
        parse_inbound(form)

    assert (error.value.code, error.value.message) == ("sms_webhook_invalid", "the SMS webhook has no From")


@pytest.mark.parametrize(
    ("twilio_status", "status"),
    [
        ("queued", "accepted"),
        ("accepted", "accepted"),
        ("sending", "sent"),
        ("sent", "sent"),
        ("delivered", "delivered"),
        ("read", "read"),
        ("undelivered", "failed"),
        ("failed", "failed"),
        ("canceled", "failed"),
    ],
)
def test_twilio_statuses_map_onto_ours(twilio_status: str, status: str) -> None:
    form = {"MessageSid": "SM" + "b" * 32, "MessageStatus": twilio_status, "To": "+966501234567"}

    update = parse_status(form, at=AT)

    assert (update.provider_id, update.channel, update.status, update.at) == (
        "SM" + "b" * 32,
        "sms",
        status,
        AT,
    )
    assert update.recipient == "+966501234567"


def test_a_failed_status_carries_its_error_code_and_title() -> None:
    form = {
        "SmsSid": "SM" + "c" * 32,
        "SmsStatus": "undelivered",
        "ErrorCode": "30006",
        "To": "+966501234567",
    }

    update = parse_status(form, at=AT)

    assert (update.status, update.error_code, update.error_title) == (
        "failed",
        "30006",
        "Landline or unreachable carrier",
    )
    assert delivery_failure_kind(update.error_code) == NOT_ON_CHANNEL


@pytest.mark.parametrize(("code", "kind"), [("30003", TEMPORARY), ("30007", PERMANENT), ("99999", PERMANENT)])
def test_delivery_errors_say_what_to_do_next(code: str, kind: str) -> None:
    assert delivery_failure_kind(code) == kind


def test_an_unknown_status_is_a_clear_error() -> None:
    with pytest.raises(Invalid) as error:
        parse_status({"MessageSid": "SM1", "MessageStatus": "teleported"})

    assert (error.value.code, error.value.message) == (
        "sms_status_unknown",
        "unknown SMS status 'teleported'",
    )
