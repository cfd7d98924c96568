"""Meta's marketing refusals arriving in status webhooks: 131050 takes back the buyer's marketing opt-in,
131049 (Meta's own per-buyer limit) only fails the message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wasl.messaging.channels.types import StatusUpdate
from wasl.messaging.consent import consent_set
from wasl.messaging.models import Consent
from wasl.messaging.receipts import status_apply
from wasl.messaging.services import Draft, conversation_get_or_create, message_queue

pytestmark = pytest.mark.django_db
PHONE = "+966501234567"


@pytest.mark.parametrize(("code", "still_opted_in"), [("131050", False), ("131049", True)])
def test_a_refused_marketing_message(store, code: str, still_opted_in: bool) -> None:
    consent_set(store=store, phone=PHONE, source="test", marketing_opt_in=True)
    conversation = conversation_get_or_create(store=store, channel="whatsapp", address=PHONE)
    draft = Draft(kind="template", event="campaign.broadcast", template_name="spring_sale", language="ar")
    message, _ = message_queue(conversation=conversation, draft=draft, idempotency_key="campaign:1:x")
    message.provider_id = "wamid.1"
    message.status = "sent"
    message.save()
    update = StatusUpdate(
        provider_id="wamid.1",
        channel="whatsapp",
        status="failed",
        at=datetime(2026, 6, 1, tzinfo=UTC),
        recipient=PHONE,
        error_code=code,
    )
    assert status_apply(store=store, update=update) == "applied"
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("failed", code)
    consent = Consent.objects.get(store=store, phone=PHONE)
    assert consent.marketing_opt_in is still_opted_in
    assert consent.source == ("test" if still_opted_in else "whatsapp:131050")
