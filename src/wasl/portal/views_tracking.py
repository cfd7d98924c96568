"""The buyer's tracking page, /t/<store>/<tracking-or-order-number>/, and the forms on it.

GET shows the page; each form POSTs to its own address and, once done, redirects back to the page with a
`done` word that picks a thank-you line (so a reload never sends twice). Without a valid signature (`k`) the
page shows only where the parcel is, and every form but the unlock one is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wasl.messaging.bot_orders import can_reschedule
from wasl.orders.recommendations import suggestions_for_lines
from wasl.portal.branding import choose_language, portal_context, portal_store
from wasl.portal.tracking_access import (
    UnlockResult,
    signature_valid,
    tracking_path,
    tracking_signature,
    unlock_try,
)
from wasl.portal.tracking_actions import (
    tracking_address_correct,
    tracking_problem_report,
    tracking_reschedule,
)
from wasl.portal.tracking_display import headline, journey, promise_state, tone
from wasl.portal.tracking_forms import SLOTS, AddressForm, ProblemForm, RescheduleForm, UnlockForm
from wasl.portal.tracking_selectors import TrackingFacts, tracking_facts
from wasl.portal.tracking_sql import order_lines
from wasl.shipping.status import ShipmentStatus as S
from wasl.stores.models import Store

DONE = {
    "unlocked": _("Welcome back: your order's details are shown below."),
    "reschedule": _("Thank you: we passed your new delivery day and time on to the courier."),
    "address": _("Thank you: your corrected address was saved and passed on to the courier."),
    "problem": _("Thank you: the store's team has your message and will get back to you."),
}
REFUSED = {
    "locked": _("Open the link from your messages, or enter the last 4 digits of your phone, to do this."),
    "too_late": _("This delivery can no longer be changed here. Report a problem and the store will help."),
    "no_order": _("There is no order behind this parcel to change."),
}
RECOMMENDATIONS = 4


def _zone(store: Store) -> ZoneInfo:
    try:
        return ZoneInfo(store.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _facts_or_404(store_slug: str, ref: str) -> TrackingFacts:
    store = portal_store(slug=store_slug)
    if store is None:
        raise Http404("no such store")
    facts = tracking_facts(store=store, ref=ref)
    if facts is None:
        raise Http404("no such parcel or order")
    return facts


def _language(request: HttpRequest, facts: TrackingFacts) -> str:
    customer = facts.order.customer if facts.order is not None else None
    spoken = facts.conversation_language or (customer.language if customer is not None else "")
    requested = request.GET.get("lang") or request.POST.get("lang")
    return choose_language(
        requested=requested, conversation_language=spoken, store_language=facts.store.language
    )


def _can_change(facts: TrackingFacts) -> bool:
    return facts.order is not None and can_reschedule(facts.order, facts.shipment)


def _page_url(facts: TrackingFacts, request: HttpRequest, path: str = "", **params: str) -> str:
    query = {"k": tracking_signature(store_slug=facts.store.slug, ref=facts.ref)}
    requested = request.GET.get("lang") or request.POST.get("lang")
    if requested:
        query["lang"] = requested
    query.update(params)
    return f"{tracking_path(store_slug=facts.store.slug, ref=facts.ref)}{path}?{urlencode(query)}"


def _render(
    request: HttpRequest,
    facts: TrackingFacts,
    *,
    signed: bool,
    status: int = 200,
    forms: dict[str, Any] | None = None,
    flash: dict[str, str] | None = None,
    open_form: str = "",
) -> HttpResponse:
    store = facts.store
    language = _language(request, facts)
    zone = _zone(store)
    with translation.override(language), timezone.override(zone):
        today = timezone.localdate()
        context: dict[str, Any] = portal_context(request=request, store=store, language=language)
        shipment, order = facts.shipment, facts.order
        lines = order_lines(order_id=order.pk) if order is not None else []
        context.update(
            facts=facts,
            order=order,
            shipment=shipment,
            signed=signed,
            signature=tracking_signature(store_slug=store.slug, ref=facts.ref) if signed else "",
            requested_language=request.GET.get("lang") or request.POST.get("lang") or "",
            headline=headline(facts),
            tone=tone(facts),
            steps=journey(facts),
            promise=promise_state(facts, today=today, zone=zone),
            events=facts.events,
            last_location=facts.last_location,
            city=facts.city,
            status_label=S(shipment.status).label if shipment is not None else "",
            open_form=open_form,
            recommendations=suggestions_for_lines(
                store=store, variant_ids=[line.variant_id for line in lines], limit=RECOMMENDATIONS
            ),
        )
        if flash is None and (done := request.GET.get("done")) in DONE:
            flash = {"kind": "success", "text": str(DONE[done])}
        context["flash"] = flash
        if signed and order is not None:
            forms = forms or {}
            context.update(
                can_change=_can_change(facts),
                can_return=(shipment is not None and shipment.status == S.DELIVERED)
                or order.status == "delivered",
                return_url=f"/r/{store.slug}/",
                address_url=_page_url(facts, request, path="address/"),
                lines=lines,
            )
            _put_forms(request, context, facts, forms, language=language, today=today)
        else:
            unlock = (forms or {}).get("unlock")
            context["unlock_label"] = UnlockForm.base_fields["digits"].label
            context["unlock_errors"] = unlock.errors.get("digits", []) if unlock is not None else []
        response = render(request, "portal/tracking.html", context, status=status)
    response.headers["Content-Language"] = language
    # The signed page carries the buyer's name and address: never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=signed, max_age=0)
    return response


ACTION_MARK, HIDDEN_MARK = "__WASL_ACTION__", "__WASL_HIDDEN__"
FRAGMENT_SECONDS = 3600


def _put_forms(
    request: HttpRequest,
    context: dict[str, Any],
    facts: TrackingFacts,
    forms: dict[str, Any],
    *,
    language: str,
    today: date,
) -> None:
    """The day-and-time and problem forms: the same for every buyer of a language on a day, so rendered once
    and kept, with this buyer's address for the forms and hidden inputs (CSRF token, signature) put in after.
    A form shown again with its errors is rendered afresh."""
    hidden = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}"><input type="hidden" name="k" value="{}">',
        get_token(request),
        context["signature"],
    )
    if context["requested_language"]:
        hidden += format_html('<input type="hidden" name="lang" value="{}">', context["requested_language"])
    action = tracking_path(store_slug=facts.store.slug, ref=facts.ref)
    country = _delivery_country(facts)
    fresh: dict[str, Callable[[], Any]] = {
        "reschedule": lambda: RescheduleForm(today=today, country=country),
        "problem": ProblemForm,
    }
    for name in ("reschedule", "problem"):
        form = forms.get(name)
        template = f"portal/tracking_{name}.html"
        html: str
        if form is not None:
            html = render_to_string(
                template,
                {**context, **_form_context(name, form), "action_base": action, "hidden_inputs": hidden},
            )
        else:
            key = f"portal:tracking-form:{name}:{language}:{today.isoformat()}:{country}"
            kept = cache.get(key)
            if kept is None:
                marks = {"action_base": ACTION_MARK, "hidden_inputs": mark_safe(HIDDEN_MARK)}  # noqa: S308
                kept = str(
                    render_to_string(template, {**context, **_form_context(name, fresh[name]()), **marks})
                )
                cache.set(key, kept, FRAGMENT_SECONDS)
            html = kept.replace(ACTION_MARK, escape(action)).replace(HIDDEN_MARK, hidden)
        context[f"{name}_html"] = mark_safe(html)  # noqa: S308  (rendered by a template, escaped there)


def _form_context(name: str, form: Any) -> dict[str, Any]:
    extra = {"day_choices": form.day_choices()} if name == "reschedule" else {}
    return {f"{name}_form": form, **extra}


def address_fields(form: AddressForm | None, initial: dict[str, str]) -> list[dict[str, Any]]:
    """The address inputs as plain values: a page view needs no form object, only a re-shown form its errors."""
    fields: list[dict[str, Any]] = []
    for name, field in AddressForm.base_fields.items():
        value = form.data.get(name, "") if form is not None else initial.get(name, "")
        fields.append(
            {
                "name": name,
                "label": field.label,
                "value": value,
                "max_length": getattr(field, "max_length", None),
                "required": field.required,
                "errors": form.errors.get(name, []) if form is not None else [],
            }
        )
    return fields


def _delivery_country(facts: TrackingFacts) -> str:
    return (facts.order.ship_country if facts.order is not None else "") or facts.store.country


def _address_initial(facts: TrackingFacts) -> dict[str, str]:
    address = facts.order.shipping_address if facts.order is not None else None
    if address is None:
        return {"city": facts.city}
    return {
        "line1": address.line1,
        "line2": address.line2,
        "city": address.city or facts.city,
        "region": address.region,
        "postal_code": address.postal_code,
    }


def _signed(request: HttpRequest, facts: TrackingFacts) -> bool:
    signature = request.POST.get("k") if request.method == "POST" else request.GET.get("k")
    return signature_valid(store_slug=facts.store.slug, ref=facts.ref, signature=signature)


@require_GET
def tracking_page_view(request: HttpRequest, store_slug: str, ref: str) -> HttpResponse:
    facts = _facts_or_404(store_slug, ref)
    return _render(request, facts, signed=_signed(request, facts))


@require_POST
def tracking_unlock_view(request: HttpRequest, store_slug: str, ref: str) -> HttpResponse:
    facts = _facts_or_404(store_slug, ref)
    form = UnlockForm(request.POST)
    if not form.is_valid():
        return _render(request, facts, signed=False, status=400, forms={"unlock": form})
    if facts.order is None:
        return _render(request, facts, signed=False, status=409, flash=_error("no_order"))
    result = unlock_try(order=facts.order, digits=form.cleaned_data["digits"])
    if result == UnlockResult.OPENED:
        return HttpResponseRedirect(_page_url(facts, request, done="unlocked"), status=303)
    messages = {
        UnlockResult.WRONG: (400, _("Those digits do not match the phone number of this order.")),
        UnlockResult.BLOCKED: (
            429,
            _("Too many tries. Open the link from your messages, or try again in an hour."),
        ),
        UnlockResult.IMPOSSIBLE: (
            409,
            _("This order has no phone number to check. Open the link from your messages."),
        ),
    }
    status, text = messages[result]
    form.add_error("digits", str(text))
    return _render(request, facts, signed=False, status=status, forms={"unlock": form})


def _error(key: str) -> dict[str, str]:
    return {"kind": "error", "text": str(REFUSED[key])}


def _refusal(request: HttpRequest, facts: TrackingFacts) -> HttpResponse | None:
    """Why a change form may not be used here, as the page to show instead; None when it may."""
    if not _signed(request, facts):
        return _render(request, facts, signed=False, status=403, flash=_error("locked"))
    if facts.order is None:
        return _render(request, facts, signed=True, status=409, flash=_error("no_order"))
    return None


@require_POST
def tracking_reschedule_view(request: HttpRequest, store_slug: str, ref: str) -> HttpResponse:
    facts = _facts_or_404(store_slug, ref)
    if (refused := _refusal(request, facts)) is not None:
        return refused
    assert facts.order is not None
    if not _can_change(facts):
        return _render(request, facts, signed=True, status=409, flash=_error("too_late"))
    with timezone.override(_zone(facts.store)):
        form = RescheduleForm(request.POST, today=timezone.localdate(), country=_delivery_country(facts))
    if not form.is_valid():
        return _render(
            request, facts, signed=True, status=400, forms={"reschedule": form}, open_form="reschedule"
        )
    tracking_reschedule(
        order=facts.order,
        shipment=facts.shipment,
        day=form.cleaned_data["day"],
        slot=SLOTS[form.cleaned_data["slot"]],
    )
    return HttpResponseRedirect(_page_url(facts, request, done="reschedule"), status=303)


def _address_page(
    request: HttpRequest, facts: TrackingFacts, form: AddressForm | None, status: int = 200
) -> HttpResponse:
    language = _language(request, facts)
    with translation.override(language):
        context = portal_context(request=request, store=facts.store, language=language)
        context.update(
            facts=facts,
            order=facts.order,
            signature=tracking_signature(store_slug=facts.store.slug, ref=facts.ref),
            requested_language=request.GET.get("lang") or request.POST.get("lang") or "",
            address_fields=address_fields(form, _address_initial(facts)),
            back_url=_page_url(facts, request),
        )
        response = render(request, "portal/tracking_address.html", context, status=status)
    response.headers["Content-Language"] = language
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


@require_http_methods(["GET", "POST"])
def tracking_address_view(request: HttpRequest, store_slug: str, ref: str) -> HttpResponse:
    """The corrected-address form on a page of its own (it is long on a phone), and its saving."""
    facts = _facts_or_404(store_slug, ref)
    if (refused := _refusal(request, facts)) is not None:
        return refused
    assert facts.order is not None
    if not _can_change(facts):
        return _render(request, facts, signed=True, status=409, flash=_error("too_late"))
    if request.method == "GET":
        return _address_page(request, facts, None)
    form = AddressForm(request.POST)
    if not form.is_valid():
        return _address_page(request, facts, form, status=400)
    tracking_address_correct(order=facts.order, shipment=facts.shipment, address=form.cleaned_data)
    return HttpResponseRedirect(_page_url(facts, request, done="address"), status=303)


@require_POST
def tracking_problem_view(request: HttpRequest, store_slug: str, ref: str) -> HttpResponse:
    facts = _facts_or_404(store_slug, ref)
    if (refused := _refusal(request, facts)) is not None:
        return refused
    assert facts.order is not None
    form = ProblemForm(request.POST)
    if not form.is_valid():
        return _render(request, facts, signed=True, status=400, forms={"problem": form}, open_form="problem")
    tracking_problem_report(
        order=facts.order, kind=form.cleaned_data["kind"], details=form.cleaned_data["details"]
    )
    return HttpResponseRedirect(_page_url(facts, request, done="problem"), status=303)
