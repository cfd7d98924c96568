"""Results per campaign: the holdout drawn with the risk holdout's HMAC, conversions as assigned, uplift with
Wilson and Newcombe intervals; quiet hours hold a campaign's messages until the buyer's morning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from campaign_helpers import SPEC_AR, buyer_order, run_send_tasks
from django.utils import timezone

from wasl.campaigns.broadcasts import campaign_create, campaign_schedule, campaigns_run_due
from wasl.campaigns.models import Attribution, Touch
from wasl.campaigns.results import campaign_results
from wasl.messaging.models import Message
from wasl.risk.holdout import HOLDOUT_SETTING, holdout_draw, newcombe, wilson
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db
SPEC = {**SPEC_AR, "header": ""}


def test_uplift_compares_the_reached_with_the_held_out_as_assigned(store, graph_sends) -> None:
    # Given 16 opted-in buyers and a known holdout secret (so the draw can be checked independently)
    secret_set(store=store, key=HOLDOUT_SETTING, value="fixed-secret")
    phones = [f"+9665011100{i:02d}" for i in range(16)]
    for i, phone in enumerate(phones):
        buyer_order(store, f"o{i}", phone=phone, placed_at=timezone.now() - timedelta(days=2))
    campaign = campaign_create(store=store, name="Half", templates={"ar": SPEC}, holdout_share=Decimal("0.5"))
    held = {p for p in phones if holdout_draw("fixed-secret", f"campaign:{campaign.pk}:{p}") < 0.5}
    assert 0 < len(held) < 16
    # When it goes out, and the first ten buyers order afterwards
    campaign_schedule(campaign=campaign)
    campaigns_run_due()
    run_send_tasks()
    for i, phone in enumerate(phones[:10]):
        buyer_order(store, f"n{i}", phone=phone, total="100.00", placed_at=timezone.now())
    # Then the split is the HMAC's, and the figures are the counts with their intervals
    assert {t.phone for t in Touch.objects.filter(holdout=True)} == held
    conv_h = len(held & set(phones[:10]))
    conv_t = 10 - conv_h
    n_t, n_h = 16 - len(held), len(held)
    results = campaign_results(campaign=campaign)
    assert (results.recipients, results.held_out, results.sent) == (16, n_h, n_t)
    assert (results.converted_treated, results.converted_holdout) == (conv_t, conv_h)
    assert (results.orders, results.revenue) == (conv_t, Decimal("100.000") * conv_t)
    assert results.treated_rate == conv_t / n_t and results.holdout_rate == conv_h / n_h
    assert results.uplift_interval == newcombe(conv_t, n_t, conv_h, n_h)
    assert results.treated_interval == wilson(conv_t, n_t)
    assert Attribution.objects.filter(holdout=True).count() == conv_h
    assert results.cost == Decimal(0)  # the stand-in prices nothing on its answers


def test_quiet_hours_hold_a_campaign_until_the_buyers_morning(store, settings) -> None:
    settings.WASL_QUIET_HOURS = "22:00-08:00"
    secret_set(store=store, key="whatsapp.phone_number_id", value="1")
    secret_set(store=store, key="whatsapp.token", value="t")
    buyer_order(store, "1", phone="+966501110001", placed_at=timezone.now() - timedelta(days=1))
    campaign = campaign_create(store=store, name="Night", templates={"ar": SPEC}, holdout_share=Decimal("0"))
    campaign_schedule(campaign=campaign)
    tomorrow = (timezone.now() + timedelta(days=1)).date()
    night = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 20, 0, tzinfo=UTC)  # 23:00 in Riyadh
    assert campaigns_run_due(now=night) == {"held": 1}
    assert Message.objects.get().not_before == night + timedelta(hours=9)  # 08:00 in Riyadh
