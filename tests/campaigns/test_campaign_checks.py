"""Bad input is caught before anything is sent, each with its stable code; the preview says who gets what."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from campaign_helpers import SPEC_AR, SPEC_EN, buyer_order
from django.utils import timezone

from wasl.campaigns.broadcasts import campaign_create, campaign_plan, campaign_schedule, campaigns_run_due
from wasl.campaigns.content import template_spec
from wasl.campaigns.images import image_check
from wasl.campaigns.models import CampaignStatus, ProductDetails
from wasl.campaigns.store_settings import campaign_settings_set
from wasl.core.errors import Invalid
from wasl.messaging.models import Message
from wasl.orders.models import Product

pytestmark = pytest.mark.django_db


def code_of(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(Invalid) as error:
        call(*args, **kwargs)
    return error.value.code


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"params": ["customer_name", "link"]}, "template_params_mismatch"),
        ({"params": ["customer_name", "store_name", "link", "link"]}, "template_params_mismatch"),
        (
            {"body": "Hi {customer_nam}: {link}", "params": ["customer_nam", "link"]},
            "template_unknown_variable",
        ),
        ({"buttons": ["a", "b", "c", "d"]}, "template_buttons_invalid"),
        ({"buttons": ["x" * 26]}, "template_buttons_invalid"),
        ({"name": ""}, "template_invalid"),
        ({"header": "video"}, "template_invalid"),
        ({"footer": "no"}, "template_invalid"),
    ],
)
def test_a_template_that_does_not_match_its_definition_is_refused(change: dict[str, Any], code: str) -> None:
    assert code_of(template_spec, "en", {**SPEC_EN, **change}) == code


def test_the_default_language_needs_a_template(wa_store) -> None:
    assert (
        code_of(campaign_create, store=wa_store, name="x", templates={"en": SPEC_EN})
        == "template_missing_language"
    )


@pytest.fixture
def ready(wa_store, image_server):  # type: ignore[no-untyped-def]
    recent = timezone.now() - timedelta(days=2)
    buyer_order(wa_store, "1", phone="+966501110001", placed_at=recent)
    buyer_order(wa_store, "2", phone="+966501110002", placed_at=recent, language="en", category="bags")
    buyer_order(wa_store, "3", phone="+966501110003", placed_at=recent, opt_in=False)
    return wa_store


def make(store, image: str, **kwargs: Any):  # type: ignore[no-untyped-def]
    return campaign_create(
        store=store,
        name="Sale",
        templates={"ar": SPEC_AR, "en": SPEC_EN},
        image_url=image,
        link_url="https://shop.example/sale",
        holdout_share=Decimal("0"),
        **kwargs,
    )


def test_preview_counts_per_language_and_renders_samples(ready, image_server) -> None:
    plan = campaign_plan(campaign=make(ready, image_server.url("ok.jpg")))
    assert (len(plan.recipients), dict(plan.by_language), plan.to_send) == (2, {"ar": 1, "en": 1}, 2)
    assert plan.samples() == [
        {
            "language": "ar",
            "phone": "+96650111····",
            "template": "spring_sale",
            "text": "مرحباً Sara، جديد Souq Test: https://…/l/…",
            "image_url": image_server.url("ok.jpg"),
            "buttons": "Show me",
        },
        {
            "language": "en",
            "phone": "+96650111····",
            "template": "spring_sale",
            "text": "Hi Sara, new at Souq Test: https://…/l/…",
            "image_url": image_server.url("ok.jpg"),
            "buttons": "Show me",
        },
    ]
    assert Message.objects.count() == 0


def test_an_empty_segment_is_refused(ready, image_server) -> None:
    campaign = make(ready, image_server.url("ok.jpg"), segment={"cities": ["Cairo"]})
    assert code_of(campaign_schedule, campaign=campaign) == "segment_empty"
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_a_segment_over_the_daily_limit_is_refused(ready, image_server) -> None:
    campaign_settings_set(store=ready, daily_limit=1)
    assert code_of(campaign_schedule, campaign=make(ready, image_server.url("ok.jpg"))) == "segment_too_large"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("missing.jpg", "image_unreachable"),
        ("big.jpg", "image_too_large"),
        ("page.html", "image_not_supported"),
    ],
)
def test_a_bad_image_is_refused(ready, image_server, name: str, code: str) -> None:
    assert code_of(campaign_schedule, campaign=make(ready, image_server.url(name))) == code


def test_an_image_nobody_answers_for_is_unreachable() -> None:
    assert code_of(image_check, "http://127.0.0.1:9/none.jpg", timeout_s=1.0) == "image_unreachable"


def test_an_image_header_needs_an_image_and_whatsapp_must_be_set_up(ready, store) -> None:
    assert code_of(campaign_plan, campaign=make(ready, "")) == "image_required"
    from wasl.stores.models import IntegrationSecret

    IntegrationSecret.objects.filter(store=store, key__startswith="whatsapp.").delete()
    assert code_of(campaign_plan, campaign=make(ready, "")) == "whatsapp_not_configured"


def test_a_launch_goes_to_buyers_of_the_category_with_the_product_picture_and_description(
    ready, image_server
) -> None:
    product = Product.objects.create(
        store=ready, external_id="P9", name="Trail bag", category="bags", image_url=image_server.url("ok.jpg")
    )
    ProductDetails.objects.create(store=ready, product=product, description="Light, waterproof")
    spec = {
        "name": "launch",
        "body": "{product_name}: {product_description} {link}",
        "params": ["product_name", "product_description", "link"],
        "header": "image",
    }
    campaign = campaign_create(
        store=ready,
        name="Launch",
        kind="launch",
        product_external_id="P9",
        templates={"ar": spec},
        link_url="https://shop.example/p9",
        holdout_share=Decimal("0"),
    )
    plan = campaign_plan(campaign=campaign)
    assert [r.phone for r in plan.recipients] == ["+966501110002"]
    assert plan.image_url == image_server.url("ok.jpg")
    assert plan.samples()[0]["text"] == "Trail bag: Light, waterproof https://…/l/…"
    assert (
        code_of(campaign_create, store=ready, name="L", kind="launch", templates={"ar": spec})
        == "product_required"
    )


def test_a_campaign_that_became_invalid_by_launch_time_goes_back_to_draft_with_the_reason(
    ready, image_server
) -> None:
    campaign = make(ready, image_server.url("ok.jpg"))
    campaign_schedule(campaign=campaign)
    campaign_settings_set(store=ready, daily_limit=1)
    assert campaigns_run_due() == {"segment_too_large": 1}
    campaign.refresh_from_db()
    assert (campaign.status, campaign.error_code) == (CampaignStatus.DRAFT, "segment_too_large")
    assert Message.objects.count() == 0
