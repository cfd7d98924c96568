"""Campaigns in the console: the list with each campaign's results, a new campaign, its page (preview,
schedule, cancel, results with uplift), and abandoned carts with the recovery and reminder settings."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wasl.campaigns.broadcasts import campaign_cancel, campaign_create, campaign_plan, campaign_schedule
from wasl.campaigns.content import LANGUAGES
from wasl.campaigns.models import CampaignKind, CheckoutStatus, TouchKind
from wasl.campaigns.results import campaign_get, campaign_list, campaign_results, program_results
from wasl.campaigns.selectors import checkout_list
from wasl.campaigns.store_settings import campaign_settings_set, settings_for
from wasl.console.access import member_view
from wasl.core.errors import WaslError
from wasl.stores.models import Store

EXAMPLE_TEMPLATES = {
    "ar": {
        "name": "new_arrivals",
        "body": "مرحباً {customer_name}، وصل الجديد في {store_name}: {link}",
        "params": ["customer_name", "store_name", "link"],
        "buttons": ["أرني"],
        "header": "image",
    }
}


def _json_field(label: Any, help_text: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr"}),
    )


class CampaignForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CampaignKind.choices)
    product = forms.CharField(
        label=gettext_lazy("Product (its id in the shop)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("A launch goes to the buyers of the product's category."),
    )
    segment = _json_field(
        gettext_lazy("Segment"),
        gettext_lazy('JSON, e.g. {"cities": ["Riyadh"], "last_order_within_days": 90, "min_spend": "500"}'),
        required=False,
    )
    templates = _json_field(
        gettext_lazy("Approved templates per language"),
        gettext_lazy(
            "JSON: for each language, the approved name, its text with {variables}, params, buttons, header."
        ),
    )
    default_language = forms.ChoiceField(
        label=gettext_lazy("Default language"), choices=[(code, code) for code in LANGUAGES]
    )
    image_url = forms.URLField(
        label=gettext_lazy("Image URL"), required=False, max_length=500, assume_scheme="https"
    )
    link_url = forms.URLField(
        label=gettext_lazy("Link"), required=False, max_length=1000, assume_scheme="https"
    )
    holdout_share = forms.DecimalField(
        label=gettext_lazy("Holdout share"),
        min_value=Decimal(0),
        max_value=Decimal("0.5"),
        decimal_places=3,
        initial=Decimal("0.1"),
    )

    def _json(self, name: str) -> Any:
        raw = self.cleaned_data.get(name) or ""
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s") % {"error": exc}) from exc

    def clean_segment(self) -> Any:
        return self._json("segment")

    def clean_templates(self) -> Any:
        return self._json("templates")


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=gettext_lazy("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class SettingsForm(forms.Form):
    recovery_enabled = forms.BooleanField(label=gettext_lazy("Recover abandoned carts"), required=False)
    recovery_steps_h = forms.CharField(label=gettext_lazy("Recovery steps (hours)"), help_text="1, 24")
    reminders_enabled = forms.BooleanField(label=gettext_lazy("Remind unpaid payment links"), required=False)
    reminder_steps_h = forms.CharField(label=gettext_lazy("Reminder steps (hours)"), help_text="24, 72")
    max_marketing_per_week = forms.IntegerField(
        label=gettext_lazy("Marketing messages per buyer per week"), min_value=0, max_value=50
    )
    daily_limit = forms.IntegerField(label=gettext_lazy("Marketing messages per day"), min_value=1)
    attribution_window_h = forms.IntegerField(label=gettext_lazy("Attribution window (hours)"), min_value=1)
    holdout_share = forms.DecimalField(
        label=gettext_lazy("Holdout share"), min_value=Decimal(0), max_value=Decimal("0.5"), decimal_places=3
    )

    @staticmethod
    def _hours(raw: str) -> list[int]:
        try:
            return [int(part) for part in raw.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError(_("Whole hours separated by commas, e.g. 1, 24")) from None

    def clean_recovery_steps_h(self) -> list[int]:
        return self._hours(self.cleaned_data["recovery_steps_h"])

    def clean_reminder_steps_h(self) -> list[int]:
        return self._hours(self.cleaned_data["reminder_steps_h"])


@require_GET
@member_view
def campaigns_view(request: HttpRequest, store: Store) -> HttpResponse:
    campaigns = list(campaign_list(store=store)[:100])
    rows = [(campaign, campaign_results(campaign=campaign)) for campaign in campaigns]
    context = {
        "store": store,
        "section": "campaigns",
        "rows": rows,
        "recovery": program_results(store=store, kind=TouchKind.CART_RECOVERY),
        "reminders": program_results(store=store, kind=TouchKind.PAYMENT_REMINDER),
    }
    return render(request, "console/campaigns.html", context)


@require_http_methods(["GET", "POST"])
@member_view
def campaign_new_view(request: HttpRequest, store: Store) -> HttpResponse:
    initial = {
        "templates": json.dumps(EXAMPLE_TEMPLATES, ensure_ascii=False, indent=2),
        "default_language": "ar",
        "holdout_share": settings_for(store=store).holdout_share,
    }
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_create(
                store=store,
                name=data["name"],
                kind=data["kind"],
                segment=data["segment"],
                templates=data["templates"],
                default_language=data["default_language"],
                product_external_id=data["product"].strip(),
                image_url=data["image_url"],
                link_url=data["link_url"],
                holdout_share=data["holdout_share"],
            )
        except WaslError as error:
            form.add_error(None, f"{error.message} ({error.code})")
        else:
            messages.success(request, _("The campaign is saved as a draft. Preview it, then schedule it."))
            return redirect("console:campaign", store.slug, campaign.pk)
    return render(
        request, "console/campaign_new.html", {"store": store, "section": "campaigns", "form": form}
    )


@require_GET
@member_view
def campaign_view(request: HttpRequest, store: Store, campaign_id: int) -> HttpResponse:
    campaign = _campaign(store, campaign_id)
    context: dict[str, Any] = {
        "store": store,
        "section": "campaigns",
        "campaign": campaign,
        "results": campaign_results(campaign=campaign),
        "schedule_form": ScheduleForm(),
        "templates": campaign.templates,
        "segment_json": json.dumps(campaign.segment, ensure_ascii=False) if campaign.segment else "",
    }
    if request.GET.get("preview") and campaign.status in ("draft", "scheduled"):
        try:
            context["plan"] = campaign_plan(campaign=campaign)
        except WaslError as error:
            context["plan_error"] = error
    return render(request, "console/campaign.html", context)


def _campaign(store: Store, campaign_id: int) -> Any:
    from django.http import Http404

    try:
        return campaign_get(store=store, campaign_id=campaign_id)
    except WaslError:
        raise Http404("no such campaign") from None


@require_POST
@member_view
def campaign_schedule_view(request: HttpRequest, store: Store, campaign_id: int) -> HttpResponse:
    campaign = _campaign(store, campaign_id)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The time is not valid."))
        return redirect("console:campaign", store.slug, campaign.pk)
    at = form.cleaned_data["at"]
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    try:
        plan = campaign_schedule(campaign=campaign, at=at)
    except WaslError as error:
        messages.error(request, f"{error.message} ({error.code})")
    else:
        messages.success(
            request,
            _("Scheduled: %(count)s buyers will get it, %(held)s are held out.")
            % {"count": plan.to_send, "held": plan.holdout},
        )
    return redirect("console:campaign", store.slug, campaign.pk)


@require_POST
@member_view
def campaign_cancel_view(request: HttpRequest, store: Store, campaign_id: int) -> HttpResponse:
    try:
        campaign_cancel(campaign=_campaign(store, campaign_id))
    except WaslError as error:
        messages.error(request, f"{error.message} ({error.code})")
    else:
        messages.success(request, _("The campaign is cancelled."))
    return redirect("console:campaign", store.slug, campaign_id)


@require_http_methods(["GET", "POST"])
@member_view
def checkouts_view(request: HttpRequest, store: Store) -> HttpResponse:
    current = settings_for(store=store)
    initial = {
        **{k: getattr(current, k) for k in current.__dataclass_fields__},
        "recovery_steps_h": ", ".join(str(h) for h in current.recovery_steps_h),
        "reminder_steps_h": ", ".join(str(h) for h in current.reminder_steps_h),
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_settings_set(store=store, **form.cleaned_data)
        except WaslError as error:
            form.add_error(None, f"{error.message} ({error.code})")
        else:
            messages.success(request, _("Settings saved."))
            return redirect("console:campaign_checkouts", store.slug)
    status = request.GET.get("status", "")
    status = status if status in CheckoutStatus.values else ""
    context = {
        "store": store,
        "section": "campaigns",
        "form": form,
        "status": status,
        "statuses": CheckoutStatus.choices,
        "checkouts": list(checkout_list(store=store, status=status)[:200]),
        "recovery": program_results(store=store, kind=TouchKind.CART_RECOVERY),
    }
    return render(request, "console/campaign_checkouts.html", context)
