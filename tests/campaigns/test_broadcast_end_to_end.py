"""A broadcast from draft to results, through the real WhatsApp client, the Graph stand-in and its status
webhooks: only opted-in buyers, a random holdout, the weekly cap, tracked clicks, replies, 131050 and
131049 honoured and counted, the order attributed to the last message, uplift against the holdout."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from campaign_helpers import SPEC_AR, SPEC_EN, buyer_order, process_webhooks, run_send_tasks
from django.utils import timezone

from wasl.campaigns.broadcasts import campaign_create, campaign_schedule, campaigns_run_due
from wasl.campaigns.models import Attribution, CampaignStatus, Touch
from wasl.campaigns.results import campaign_results
from wasl.campaigns.store_settings import campaign_settings_set
from wasl.messaging.models import Consent, Message

pytestmark = [pytest.mark.django_db(transaction=True)]
APP_SECRET = "app-secret-1"


def test_given_opted_in_buyers_when_a_broadcast_is_sent_then_results_count_every_outcome(
    store, graph, image_server, client
) -> None:
    # Given twelve buyers of shoes (one not opted in) and a week's cap of one marketing message; twelve, so
    # that the random 20% holdout leaves enough buyers reached (fewer than 3 once in about a million draws)
    recent = timezone.now() - timedelta(days=3)
    phones = [f"+9665011100{i:02d}" for i in range(1, 13)]
    for i, phone in enumerate(phones, start=1):
        buyer_order(
            store, f"o{i}", phone=phone, placed_at=recent, language="en" if i == 2 else "", opt_in=i != 12
        )
    campaign_settings_set(store=store, max_marketing_per_week=1, holdout_share=Decimal("0"))
    campaign = campaign_create(
        store=store,
        name="Spring",
        templates={"ar": SPEC_AR, "en": SPEC_EN},
        segment={"categories": ["shoes"]},
        image_url=image_server.url("ok.jpg"),
        link_url="https://shop.example/spring",
        holdout_share=Decimal("0.2"),
    )
    # When it is scheduled for now and the periodic job launches it
    plan = campaign_schedule(campaign=campaign)
    assert (len(plan.recipients), dict(plan.by_language)) == (11, {"ar": 10, "en": 1})
    held = {r.phone for r in plan.recipients if r.holdout}
    expected = {"queued": 11 - len(held), "held_out": len(held)}
    assert campaigns_run_due() == {k: v for k, v in expected.items() if v}
    # Graph refuses the first two sends: the buyer stopped marketing (131050), Meta's limit (131049)
    graph.fail_next(1, "131050")
    graph.fail_next(1, "131049")
    run_send_tasks()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    sent = graph.sent()
    reached = [t for t in Touch.objects.filter(campaign=campaign).order_by("pk") if not t.holdout]
    assert len(sent) == len(reached) - 2
    body = sent[0]["body"]
    assert body["type"] == "template" and body["template"]["name"] == "spring_sale"
    components = body["template"]["components"]
    assert components[0] == {
        "type": "header",
        "parameters": [{"type": "image", "image": {"link": image_server.url("ok.jpg")}}],
    }
    assert (
        components[1]["parameters"][2]["text"].startswith("http")
        and "/l/" in components[1]["parameters"][2]["text"]
    )
    # The stand-in reports delivered and read for the first accepted one; its buyer taps, replies, buys
    first = Message.objects.get(provider_id=sent[0]["wamid"])
    graph.statuses(
        webhook_url=graph.webhook_url,
        app_secret=APP_SECRET,
        wamid=sent[0]["wamid"],
        recipient=first.conversation.address,
    )
    graph.reply(
        webhook_url=graph.webhook_url,
        app_secret=APP_SECRET,
        phone_number_id="1122334455667",
        from_phone=first.conversation.address,
        text="Do you have size 42?",
    )
    process_webhooks()
    touch = Touch.objects.get(message=first)
    link = client.get(f"/l/{touch.link_code}/")
    assert (link.status_code, link["Location"]) == (302, "https://shop.example/spring")
    client.get(f"/l/{touch.link_code}/")
    buyer_order(store, "new-1", phone=first.conversation.address, total="350.00", placed_at=timezone.now())
    # Then
    refused_stop = Message.objects.get(conversation__address=reached[0].phone)
    assert (refused_stop.status, refused_stop.error_code) == ("failed", "131050")
    assert Consent.objects.get(store=store, phone=reached[0].phone).marketing_opt_in is False
    results = campaign_results(campaign=campaign)
    assert (results.recipients, results.held_out) == (11, len(held))
    assert (results.sent, results.delivered, results.read, results.failed) == (len(reached) - 2, 1, 1, 2)
    assert (results.clicked, results.replied, results.opted_out, results.marketing_limited) == (1, 1, 1, 1)
    assert (results.orders, results.revenue, results.currency) == (1, Decimal("350.000"), "SAR")
    assert Attribution.objects.get().touch == touch
    # And a second campaign the same week is held back by the weekly cap for everyone already reached
    second = campaign_create(
        store=store,
        name="Again",
        templates={"ar": SPEC_AR, "en": SPEC_EN},
        image_url=image_server.url("ok.jpg"),
        holdout_share=Decimal("0"),
    )
    campaign_schedule(campaign=second)
    outcome = campaigns_run_due()
    assert outcome.get("weekly_cap") == len(reached) - 2
