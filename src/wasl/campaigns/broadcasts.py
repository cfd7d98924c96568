"""Broadcasts and launches: a segment, a template per language, an image, a schedule, a random holdout.

Everything that can be wrong is checked before a single message is queued (`campaign_plan`): the
template's parameters against its text, an empty segment, a segment larger than the store's daily
marketing limit, an image WhatsApp could not fetch or would refuse. The same checks run again at launch,
since the segment and the image may have changed since it was scheduled.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wasl.campaigns.content import BROADCAST_EVENT, LANGUAGES, TemplateSpec, template_specs
from wasl.campaigns.images import image_check
from wasl.campaigns.models import Campaign, CampaignKind, CampaignStatus, ProductDetails, Touch, TouchKind
from wasl.campaigns.segments import Member, segment_checked, segment_members
from wasl.campaigns.store_settings import holdout_share_checked, settings_for
from wasl.campaigns.touches import Recipient, Sending, first_name, marketing_this_week, touches_create
from wasl.core.errors import Invalid, WaslError
from wasl.core.money import format_money
from wasl.core.text import db_text
from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.rendering import render
from wasl.orders.models import Product
from wasl.risk.holdout import holdout_draw, holdout_secret, is_held_out
from wasl.stores.models import Store

LAUNCH_CHUNK = 500
SAMPLES_PER_LANGUAGE = 3
RESUME_AFTER = timedelta(minutes=10)


def _fields(
    store: Store,
    *,
    name: str,
    kind: str,
    segment: Any,
    templates: Any,
    default_language: str,
    product_external_id: str,
    image_url: str,
    link_url: str,
    holdout_share: Decimal | None,
) -> dict[str, Any]:
    if not name.strip():
        raise Invalid("a campaign needs a name", code="invalid_name")
    if kind not in CampaignKind.values:
        raise Invalid(f"kind: one of {', '.join(CampaignKind.values)}", code="invalid_kind")
    specs = template_specs(templates)
    if default_language not in LANGUAGES or default_language not in specs:
        raise Invalid(
            "default_language: one of the template languages; buyers in other languages get it",
            code="template_missing_language",
        )
    for label, url in (("image_url", image_url), ("link_url", link_url)):
        if url and not url.startswith(("https://", "http://")):
            raise Invalid(f"{label} must be an http(s) URL", code="invalid_url")
    product = None
    if product_external_id:
        product = Product.objects.filter(store=store, external_id=product_external_id).first()
        if product is None:
            raise Invalid(f"no product {product_external_id!r} in this store", code="product_not_found")
    if kind == CampaignKind.LAUNCH and product is None:
        raise Invalid("a launch names its product (product)", code="product_required")
    return {
        "name": db_text(name.strip(), 200),
        "kind": kind,
        "segment": segment_checked(segment),
        "templates": {language: spec.as_dict() for language, spec in specs.items()},
        "default_language": default_language,
        "product": product,
        "image_url": image_url[:500],
        "link_url": link_url[:1000],
        "holdout_share": holdout_share_checked(holdout_share)
        if holdout_share is not None
        else settings_for(store=store).holdout_share,
    }


def campaign_create(
    *,
    store: Store,
    name: str,
    templates: Any,
    kind: str = CampaignKind.BROADCAST,
    segment: Any = None,
    default_language: str = "ar",
    product_external_id: str = "",
    image_url: str = "",
    link_url: str = "",
    holdout_share: Decimal | None = None,
) -> Campaign:
    """A draft; nothing is sent until it is scheduled (and then only if every check passes)."""
    fields = _fields(
        store,
        name=name,
        kind=kind,
        segment=segment,
        templates=templates,
        default_language=default_language,
        product_external_id=product_external_id,
        image_url=image_url,
        link_url=link_url,
        holdout_share=holdout_share,
    )
    return Campaign.objects.create(store=store, **fields)


def campaign_update(*, campaign: Campaign, **changes: Any) -> Campaign:
    """Change a draft (same arguments as `campaign_create`); a scheduled campaign goes back to draft."""
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED):
        raise Invalid("a campaign that was sent cannot be changed", code="campaign_not_editable")
    current = {
        "name": campaign.name,
        "kind": campaign.kind,
        "segment": campaign.segment,
        "templates": campaign.templates,
        "default_language": campaign.default_language,
        "product_external_id": campaign.product.external_id if campaign.product else "",
        "image_url": campaign.image_url,
        "link_url": campaign.link_url,
        "holdout_share": campaign.holdout_share,
    }
    unknown = set(changes) - set(current)
    if unknown:
        raise Invalid(f"unknown fields {sorted(unknown)}", code="invalid")
    fields = _fields(campaign.store, **{**current, **changes})
    for key, value in fields.items():
        setattr(campaign, key, value)
    campaign.status = CampaignStatus.DRAFT
    campaign.scheduled_at = None
    campaign.save()
    return campaign


# --- the plan: who receives what ---


@dataclass
class Plan:
    campaign: Campaign
    recipients: list[Recipient]
    specs: dict[str, TemplateSpec]
    image_url: str
    over_weekly_cap: int = 0
    by_language: Counter[str] = field(default_factory=Counter)

    @property
    def holdout(self) -> int:
        return sum(1 for r in self.recipients if r.holdout)

    @property
    def to_send(self) -> int:
        return len(self.recipients) - self.holdout - self.over_weekly_cap

    def language_counts(self) -> list[tuple[str, int]]:
        """(language, buyers) most first: a Counter cannot be read by key from a template."""
        return self.by_language.most_common()

    def samples(self) -> list[dict[str, str]]:
        shown: Counter[str] = Counter()
        found = []
        for r in self.recipients:
            if r.holdout or shown[r.language] >= SAMPLES_PER_LANGUAGE:
                continue
            shown[r.language] += 1
            spec = self.specs[r.language]
            values = {**r.values, "link": "https://…/l/…" if r.link_url else ""}
            found.append(
                {
                    "language": r.language,
                    "phone": r.phone[:-4] + "····",
                    "template": spec.name,
                    "text": render(spec.body, values),
                    "image_url": self.image_url if spec.header == "image" else "",
                    "buttons": ", ".join(spec.buttons),
                }
            )
        return found


def _product_values(campaign: Campaign, language: str) -> dict[str, str]:
    product = campaign.product
    if product is None:
        return {}
    details = ProductDetails.objects.filter(product=product).first()
    values = {"product_name": product.name, "product_description": details.description if details else ""}
    if details is not None and details.price is not None:
        values["product_price"] = format_money(
            details.price, details.currency or campaign.store.currency, language
        )
    return values


def _segment_of(campaign: Campaign) -> dict[str, Any]:
    segment = dict(campaign.segment)
    if campaign.kind == CampaignKind.LAUNCH and campaign.product is not None and "categories" not in segment:
        if not campaign.product.category:
            raise Invalid(
                "the product has no category to find its buyers by", code="product_without_category"
            )
        segment["categories"] = [campaign.product.category]
    return segment


def campaign_plan(*, campaign: Campaign, now: datetime | None = None, check_image: bool = True) -> Plan:
    """Everyone the campaign would reach now, with their language, values and holdout draw; raises Invalid
    (stable codes) for anything that would make it fail."""
    now = now or timezone.now()
    store = campaign.store
    if "whatsapp" not in configured_channels(store_id=store.pk):
        raise Invalid("set up WhatsApp for this store first", code="whatsapp_not_configured")
    specs_raw = template_specs(campaign.templates)
    specs = {
        language: specs_raw.get(language, specs_raw[campaign.default_language]) for language in LANGUAGES
    }
    image_url = campaign.image_url or (campaign.product.image_url if campaign.product else "")
    if any(spec.header == "image" for spec in specs_raw.values()):
        if not image_url:
            raise Invalid(
                "the template has an image header: give the campaign an image", code="image_required"
            )
        if check_image:
            image_check(image_url)
    members = segment_members(store=store, segment=_segment_of(campaign), now=now)
    if not members:
        raise Invalid("no opted-in buyer is in this segment", code="segment_empty")
    config = settings_for(store=store)
    secret = holdout_secret(store)
    share = float(campaign.holdout_share)
    week = marketing_this_week(store=store, phones=[m.customer.phone for m in members], now=now)
    plan = Plan(campaign, [], specs, image_url)
    product_values = {language: _product_values(campaign, language) for language in LANGUAGES}
    for member in members:
        recipient = _recipient(campaign, member, product_values[member.language], secret, share)
        plan.recipients.append(recipient)
        plan.by_language[member.language] += 1
        if not recipient.holdout and week[member.customer.phone] >= config.max_marketing_per_week:
            plan.over_weekly_cap += 1
    if plan.to_send > config.daily_limit:
        raise Invalid(
            f"{plan.to_send} buyers would get it, over the daily limit of {config.daily_limit}; narrow the "
            "segment or raise the limit",
            code="segment_too_large",
        )
    return plan


def _recipient(
    campaign: Campaign, member: Member, values: dict[str, str], secret: str, share: float
) -> Recipient:
    phone = member.customer.phone
    return Recipient(
        phone=phone,
        customer=member.customer,
        language=member.language,
        key=f"campaign:{campaign.pk}:{phone}",
        values={
            "customer_name": first_name(member.customer, "", member.language),
            "store_name": campaign.store.name,
            **values,
        },
        link_url=campaign.link_url,
        holdout=is_held_out(holdout_draw(secret, f"campaign:{campaign.pk}:{phone}"), share),
    )


# --- schedule, launch, cancel ---


def campaign_schedule(*, campaign: Campaign, at: datetime | None = None) -> Plan:
    """Check everything now and schedule it (now when `at` is None); raises Invalid and changes nothing."""
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED):
        raise Invalid("only a draft can be scheduled", code="campaign_not_editable")
    if at is not None and at.tzinfo is None:
        raise Invalid("the time needs a time zone offset", code="invalid_date")
    plan = campaign_plan(campaign=campaign)
    campaign.status = CampaignStatus.SCHEDULED
    campaign.scheduled_at = at or timezone.now()
    campaign.error_code = campaign.error_message = ""
    campaign.save(update_fields=["status", "scheduled_at", "error_code", "error_message", "updated_at"])
    return plan


def campaign_cancel(*, campaign: Campaign) -> Campaign:
    updated = Campaign.objects.filter(
        pk=campaign.pk, status__in=[CampaignStatus.DRAFT, CampaignStatus.SCHEDULED]
    ).update(status=CampaignStatus.CANCELLED, updated_at=timezone.now())
    if not updated:
        raise Invalid("only a draft or scheduled campaign can be cancelled", code="campaign_not_editable")
    campaign.refresh_from_db()
    return campaign


def campaigns_run_due(*, now: datetime | None = None) -> dict[str, int]:
    """Launch scheduled campaigns that are due, and resume any launch a dead worker left halfway."""
    now = now or timezone.now()
    outcome: Counter[str] = Counter()
    due = Campaign.objects.filter(
        Q(status=CampaignStatus.SCHEDULED, scheduled_at__lte=now)
        | Q(status=CampaignStatus.SENDING, updated_at__lt=now - RESUME_AFTER)
    ).values_list("pk", "status", "updated_at")
    for pk, status, updated_at in due:
        claimed = Campaign.objects.filter(pk=pk, status=status, updated_at=updated_at).update(
            status=CampaignStatus.SENDING, updated_at=now
        )
        if claimed:
            outcome.update(campaign_launch(campaign_id=pk, now=now))
    return dict(outcome)


def campaign_launch(*, campaign_id: int, now: datetime | None = None) -> Counter[str]:
    """Queue the campaign's messages (a claimed, `sending` campaign); buyers already touched are skipped."""
    now = now or timezone.now()
    campaign = Campaign.objects.select_related("store", "product").get(pk=campaign_id)
    try:
        plan = campaign_plan(campaign=campaign, now=now)
    except WaslError as error:
        Campaign.objects.filter(pk=campaign.pk).update(
            status=CampaignStatus.DRAFT,
            error_code=error.code,
            error_message=db_text(error.message, 500),
            updated_at=timezone.now(),
        )
        return Counter({error.code: 1})
    config = settings_for(store=campaign.store)
    done = set(Touch.objects.filter(campaign=campaign).values_list("phone", flat=True))
    waiting = [r for r in plan.recipients if r.phone not in done]
    sending = Sending(
        store=campaign.store,
        kind=TouchKind.CAMPAIGN,
        event=BROADCAST_EVENT,
        spec_for=plan.specs.get,
        image_url=plan.image_url,
        campaign=campaign,
        marketing=True,
        weekly_cap=config.max_marketing_per_week,
    )
    outcome: Counter[str] = Counter()
    for start in range(0, len(waiting), LAUNCH_CHUNK):
        with transaction.atomic():
            outcome.update(
                touches_create(sending=sending, recipients=waiting[start : start + LAUNCH_CHUNK], now=now)
            )
            Campaign.objects.filter(pk=campaign.pk).update(updated_at=timezone.now())
    Campaign.objects.filter(pk=campaign.pk).update(
        status=CampaignStatus.SENT, launched_at=now, updated_at=timezone.now()
    )
    return outcome
