"""/api/v1/checkouts and /api/v1/campaigns: abandoned carts in, campaigns planned, previewed, scheduled, measured."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from wasl.campaigns.api_form import map_api_checkout
from wasl.campaigns.broadcasts import (
    Plan,
    campaign_cancel,
    campaign_create,
    campaign_plan,
    campaign_schedule,
    campaign_update,
)
from wasl.campaigns.checkouts import checkout_upsert
from wasl.campaigns.models import TouchKind
from wasl.campaigns.products import ProductData, product_details_set
from wasl.campaigns.results import campaign_get, campaign_list, campaign_results, program_results
from wasl.campaigns.schemas import (
    CampaignDetailOut,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CheckoutIn,
    CheckoutOut,
    CheckoutResultOut,
    PreviewOut,
    ProductIn,
    ProductOut,
    ScheduleIn,
    SettingsIo,
)
from wasl.campaigns.selectors import checkout_get, checkout_list
from wasl.campaigns.store_settings import campaign_settings_set, settings_for
from wasl.core.errors import Invalid
from wasl.shipping.types import AdapterError

checkouts_router = Router(tags=["campaigns"])
router = Router(tags=["campaigns"])


class StatusFilter(Schema):
    status: str = ""


@checkouts_router.post("", response={200: CheckoutResultOut, 201: CheckoutResultOut})
def post_checkout(request: HttpRequest, payload: CheckoutIn) -> Status:
    """Create or update a checkout (source `api`); its recovery sequence starts from `updated_at`."""
    try:
        data = map_api_checkout(payload.model_dump(), source="api")
    except AdapterError as exc:
        raise Invalid(exc.message, code=exc.code) from exc
    checkout, result = checkout_upsert(store=request.auth, data=data)  # type: ignore[attr-defined]
    return Status(201 if result == "created" else 200, {"result": result, "checkout": checkout})


@checkouts_router.get("", response=list[CheckoutOut])
def list_checkouts(request: HttpRequest, filters: Query[StatusFilter]) -> object:
    """Newest first (at most 500); `?status=open|recovered|completed|expired`."""
    return checkout_list(store=request.auth, status=filters.status)[:500]  # type: ignore[attr-defined]


@checkouts_router.get("/{source}/{external_id}", response=CheckoutOut)
def get_checkout(request: HttpRequest, source: str, external_id: str) -> object:
    return checkout_get(store=request.auth, source=source, external_id=external_id)  # type: ignore[attr-defined]


@router.get("/settings", response=SettingsIo)
def get_settings(request: HttpRequest) -> object:
    return asdict(settings_for(store=request.auth))  # type: ignore[attr-defined]


@router.put("/settings", response=SettingsIo)
def put_settings(request: HttpRequest, payload: SettingsIo) -> object:
    """Change what is given; the rest stays."""
    changed = campaign_settings_set(store=request.auth, **payload.model_dump())  # type: ignore[attr-defined]
    return asdict(changed)


@router.get("/programs/{kind}")
def get_program_results(request: HttpRequest, kind: str) -> object:
    """Results of cart recovery (`cart_recovery`) or payment reminders (`payment_reminder`) as a whole."""
    if kind not in (TouchKind.CART_RECOVERY, TouchKind.PAYMENT_REMINDER):
        raise Invalid("kind: cart_recovery or payment_reminder", code="invalid_kind")
    return program_results(store=request.auth, kind=kind).as_dict()  # type: ignore[attr-defined]


@router.put("/products/{external_id}", response=ProductOut)
def put_product(request: HttpRequest, external_id: str, payload: ProductIn) -> object:
    """A product's picture, description and price for launches (Shopify stores send them by webhook)."""
    return product_details_set(
        store=request.auth,  # type: ignore[attr-defined]
        data=ProductData(external_id=external_id, **payload.model_dump()),
    )


@router.get("", response=list[CampaignOut])
def list_campaigns(request: HttpRequest, filters: Query[StatusFilter]) -> object:
    return campaign_list(store=request.auth, status=filters.status)[:500]  # type: ignore[attr-defined]


@router.post("", response={201: CampaignOut})
def post_campaign(request: HttpRequest, payload: CampaignIn) -> Status:
    """A draft. Its template and segment are checked now; the rest (who, image, limits) when previewed or
    scheduled."""
    values = payload.model_dump()
    values["product_external_id"] = values.pop("product")
    campaign = campaign_create(store=request.auth, **values)  # type: ignore[attr-defined]
    return Status(201, campaign)


@router.get("/{campaign_id}", response=CampaignDetailOut)
def get_campaign(request: HttpRequest, campaign_id: int) -> object:
    campaign = campaign_get(store=request.auth, campaign_id=campaign_id)  # type: ignore[attr-defined]
    return {"campaign": campaign, "results": campaign_results(campaign=campaign).as_dict()}


@router.patch("/{campaign_id}", response=CampaignOut)
def patch_campaign(request: HttpRequest, campaign_id: int, payload: CampaignPatch) -> object:
    campaign = campaign_get(store=request.auth, campaign_id=campaign_id)  # type: ignore[attr-defined]
    changes = payload.model_dump(exclude_none=True)
    if "product" in changes:
        changes["product_external_id"] = changes.pop("product")
    return campaign_update(campaign=campaign, **changes)


def _preview(plan: Plan) -> dict[str, object]:
    return {
        "recipients": len(plan.recipients),
        "held_out": plan.holdout,
        "over_weekly_cap": plan.over_weekly_cap,
        "to_send": plan.to_send,
        "by_language": dict(plan.by_language),
        "samples": plan.samples(),
    }


@router.post("/{campaign_id}/preview", response=PreviewOut)
def preview_campaign(request: HttpRequest, campaign_id: int) -> object:
    """Who would receive what, now: counts per language and sample messages. Sends nothing."""
    campaign = campaign_get(store=request.auth, campaign_id=campaign_id)  # type: ignore[attr-defined]
    return _preview(campaign_plan(campaign=campaign))


@router.post("/{campaign_id}/schedule", response=PreviewOut)
def schedule_campaign(request: HttpRequest, campaign_id: int, payload: ScheduleIn) -> object:
    """Check everything and schedule it (`at`, or now); nothing is scheduled when a check fails."""
    campaign = campaign_get(store=request.auth, campaign_id=campaign_id)  # type: ignore[attr-defined]
    return _preview(campaign_schedule(campaign=campaign, at=payload.at))


@router.post("/{campaign_id}/cancel", response=CampaignOut)
def cancel_campaign(request: HttpRequest, campaign_id: int) -> object:
    campaign = campaign_get(store=request.auth, campaign_id=campaign_id)  # type: ignore[attr-defined]
    return campaign_cancel(campaign=campaign)
