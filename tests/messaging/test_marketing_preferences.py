"""WhatsApp `user_preferences` webhooks: a buyer stops or resumes the business's marketing messages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from wasl.messaging.channels.types import MarketingPreference
from wasl.messaging.channels.whatsapp.webhook import parse
from wasl.messaging.consent import consent_set, marketing_preference_apply
from wasl.messaging.inbound import webhook_content_apply
from wasl.messaging.models import Consent

PHONE = "+966501234567"


def _body(*preferences: dict[str, object]) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1122334455667"},
        "contacts": [{"wa_id": "966501234567", "profile": {"name": "Sara"}}],
        "user_preferences": list(preferences),
    }
    change = {"field": "user_preferences", "value": value}
    return json.dumps(
        {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}
    ).encode()


def _pref(value: str, at: int = 1_760_000_000, category: str = "marketing_messages") -> dict[str, object]:
    detail = "User requested to stop marketing messages" if value == "stop" else "User resumed marketing"
    return {"wa_id": "966501234567", "detail": detail, "category": category, "value": value, "timestamp": at}


def test_stop_and_resume_are_read_with_the_buyer_and_the_time() -> None:
    content = parse(_body(_pref("stop"), _pref("resume", at=1_760_000_060)))
    assert content.preferences == [
        MarketingPreference(
            PHONE,
            "stop",
            datetime.fromtimestamp(1_760_000_000, UTC),
            "User requested to stop marketing messages",
        ),
        MarketingPreference(
            PHONE, "resume", datetime.fromtimestamp(1_760_000_060, UTC), "User resumed marketing"
        ),
    ]
    assert content.ignored == []


def test_other_categories_and_values_are_noted_as_ignored_not_applied() -> None:
    content = parse(_body(_pref("stop", category="utility_messages"), _pref("pause"), "junk"))  # type: ignore[arg-type]
    assert content.preferences == []
    assert content.ignored == [
        "user_preferences:utility_messages:stop",
        "user_preferences:marketing_messages:pause",
        "malformed:user preference is not an object at entry[0].changes[0].user_preferences[2]",
    ]


@pytest.mark.django_db
def test_stop_takes_back_an_opt_in_and_resume_gives_back_only_that(store) -> None:
    consent_set(store=store, phone=PHONE, source="checkout", marketing_opt_in=True)
    counts = webhook_content_apply(
        store=store, messages=[], statuses=[], preferences=parse(_body(_pref("stop"))).preferences
    )
    assert counts["marketing_changes"] == 1
    assert Consent.objects.get(store=store, phone=PHONE).marketing_opt_in is False
    assert marketing_preference_apply(store=store, phone=PHONE, value="resume") == "resumed"
    assert Consent.objects.get(store=store, phone=PHONE).marketing_opt_in is True


@pytest.mark.django_db
def test_resume_never_opts_in_a_buyer_who_had_not_opted_in(store) -> None:
    assert marketing_preference_apply(store=store, phone=PHONE, value="stop") == "unchanged"
    assert marketing_preference_apply(store=store, phone=PHONE, value="resume") == "unchanged"
    assert not Consent.objects.filter(store=store, phone=PHONE, marketing_opt_in=True).exists()
    consent_set(store=store, phone=PHONE, source="whatsapp:STOP", transactional_opt_out=True)
    assert marketing_preference_apply(store=store, phone=PHONE, value="resume") == "unchanged"


@pytest.mark.django_db
def test_stop_and_resume_in_one_body_apply_in_time_order(store) -> None:
    consent_set(store=store, phone=PHONE, source="checkout", marketing_opt_in=True)
    # The resume was made after the stop, whatever their order in the body.
    preferences = parse(_body(_pref("resume", at=1_760_000_060), _pref("stop", at=1_760_000_000))).preferences
    webhook_content_apply(store=store, messages=[], statuses=[], preferences=preferences)
    assert Consent.objects.get(store=store, phone=PHONE).marketing_opt_in is True


@pytest.mark.django_db
def test_signing_up_through_the_link_is_an_opt_in(store) -> None:
    assert marketing_preference_apply(store=store, phone=PHONE, value="signup") == "signed_up"
    consent = Consent.objects.get(store=store, phone=PHONE)
    assert (consent.marketing_opt_in, consent.source) == (True, "whatsapp:marketing_signup")
    assert marketing_preference_apply(store=store, phone=PHONE, value="signup") == "unchanged"
