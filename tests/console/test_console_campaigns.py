"""Console campaign pages: list with results, a new campaign with coded errors as form errors, preview,
schedule and cancel, abandoned carts with the settings form; other stores' campaigns are not found."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "campaigns"))
from campaign_helpers import SPEC_AR, buyer_order

from wasl.campaigns.models import Campaign, CampaignStatus
from wasl.campaigns.store_settings import settings_for
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db
SPEC = {**SPEC_AR, "header": ""}


@pytest.fixture
def ready(store):  # type: ignore[no-untyped-def]
    secret_set(store=store, key="whatsapp.phone_number_id", value="1")
    secret_set(store=store, key="whatsapp.token", value="t")
    buyer_order(store, "1", phone="+966501110001", placed_at=timezone.now() - timedelta(days=1))
    return store


def new_campaign(console, store, **fields):  # type: ignore[no-untyped-def]
    data = {
        "name": "Eid",
        "kind": "broadcast",
        "segment": "",
        "templates": json.dumps({"ar": SPEC}),
        "default_language": "ar",
        "holdout_share": "0",
        "link_url": "https://souq.example/eid",
        **fields,
    }
    return console.post(f"/console/{store.slug}/campaigns/new/", data)


def test_a_campaign_from_draft_to_scheduled_to_cancelled(console, ready) -> None:
    response = new_campaign(console, ready)
    campaign = Campaign.objects.get()
    assert response["Location"] == f"/console/{ready.slug}/campaigns/{campaign.pk}/"
    page = console.get(f"/console/{ready.slug}/campaigns/{campaign.pk}/?preview=1").content.decode()
    assert "1 buyers: 1 will get it, 0 held out, 0 over the weekly limit." in page
    assert "مرحباً Sara، جديد Souq Test: https://…/l/…" in page
    console.post(f"/console/{ready.slug}/campaigns/{campaign.pk}/schedule/", {"at": ""})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SCHEDULED
    console.post(f"/console/{ready.slug}/campaigns/{campaign.pk}/cancel/")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED
    listing = console.get(f"/console/{ready.slug}/campaigns/").content.decode()
    assert "Eid" in listing and "Abandoned cart recovery" in listing


def test_bad_input_is_a_form_error_not_a_500(console, ready) -> None:
    bad = new_campaign(console, ready, templates=json.dumps({"ar": {**SPEC, "params": ["link"]}}))
    assert bad.status_code == 200 and "(template_params_mismatch)" in bad.content.decode()
    broken = new_campaign(console, ready, templates="{not json")
    assert broken.status_code == 200 and "Not valid JSON" in broken.content.decode()
    new_campaign(console, ready, segment=json.dumps({"cities": ["Cairo"]}))
    campaign = Campaign.objects.get()
    page = console.get(f"/console/{ready.slug}/campaigns/{campaign.pk}/?preview=1").content.decode()
    assert "(segment_empty)" in page


def test_carts_page_saves_settings(console, ready) -> None:
    url = f"/console/{ready.slug}/campaigns/carts/"
    assert console.get(url).status_code == 200
    data = {
        "recovery_enabled": "on",
        "recovery_steps_h": "2, 12",
        "reminder_steps_h": "24",
        "max_marketing_per_week": "3",
        "daily_limit": "500",
        "attribution_window_h": "48",
        "holdout_share": "0.2",
    }
    assert console.post(url, data).status_code == 302
    saved = settings_for(store=ready)
    assert (saved.recovery_steps_h, saved.reminders_enabled, saved.max_marketing_per_week) == (
        (2, 12),
        False,
        3,
    )
    wrong = console.post(url, {**data, "recovery_steps_h": "12, 2"})
    assert "(invalid_steps)" in wrong.content.decode()


def test_pages_in_arabic_and_another_store_is_not_found(console, ready, other_store) -> None:
    foreign = Campaign.objects.create(store=other_store, name="theirs", templates={})
    assert console.get(f"/console/{ready.slug}/campaigns/{foreign.pk}/").status_code == 404
    assert console.get(f"/console/{other_store.slug}/campaigns/").status_code == 404
    console.cookies["django_language"] = "ar"
    arabic = console.get(f"/console/{ready.slug}/campaigns/").content.decode()
    assert 'dir="rtl"' in arabic and "استرجاع السلال المتروكة" in arabic and "تذكيرات الدفع" in arabic
    console.cookies["django_language"] = "fr"
    french = console.get(f"/console/{ready.slug}/campaigns/carts/").content.decode()
    assert "Paniers abandonnés" in french and "Étapes de relance (heures)" in french
