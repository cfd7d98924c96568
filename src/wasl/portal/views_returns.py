"""The returns portal's first steps: find the order, prove it is yours with a one-time code.

The session holds, per store, the one order the buyer proved they own (for SESSION_TTL), and nothing else:
every later page reads that order within the store, so a buyer only ever sees their own order and its returns.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from wasl.core.errors import WaslError
from wasl.orders.models import Order
from wasl.portal import otp
from wasl.portal.branding import portal_context
from wasl.portal.models import AttemptKind, OtpChallenge
from wasl.portal.returns_selectors import order_find, verified_order
from wasl.portal.returns_texts import error_text
from wasl.stores.models import Store

SESSION_KEY = "wasl_returns"
LANGUAGE_KEY = "wasl_returns_language"
SESSION_TTL = 30 * 60  # seconds a verified order stays open in the portal
SUPPORTED = ("ar", "fr", "en")


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def store_of(slug: str) -> Store:
    return get_object_or_404(Store, slug=slug)


def _state(request: HttpRequest, store: Store) -> dict[str, Any]:
    return dict(request.session.get(SESSION_KEY, {}).get(str(store.pk), {}))


def state_save(request: HttpRequest, store: Store, state: dict[str, Any]) -> None:
    everything = dict(request.session.get(SESSION_KEY, {}))
    everything[str(store.pk)] = state
    request.session[SESSION_KEY] = everything


def session_order(request: HttpRequest, store: Store) -> Order | None:
    """The order this browser verified in this store, while the verification lasts."""
    state = _state(request, store)
    order_id = state.get("order")
    if not isinstance(order_id, int) or float(state.get("until", 0)) < time.time():
        return None
    return verified_order(store=store, order_id=order_id)


def page_language(request: HttpRequest, store: Store, order: Order | None = None) -> str:
    """?lang= (remembered), else what this browser chose before, else the buyer's language, else the store's."""
    asked = request.GET.get("lang", "")[:2]
    if asked in SUPPORTED:
        request.session[LANGUAGE_KEY] = asked
        return asked
    for candidate in (
        request.session.get(LANGUAGE_KEY, ""),
        order.customer.language if order is not None and order.customer else "",
        store.language,
    ):
        if candidate in SUPPORTED:
            return str(candidate)
    return "en"


def page(
    request: HttpRequest, store: Store, template: str, context: dict[str, Any], *, order: Order | None = None
) -> HttpResponse:
    """Render in the page's language, with the store's look and the language switch."""
    language = page_language(request, store, order)
    with translation.override(language):
        response = render(
            request,
            f"portal/returns/{template}",
            {
                **portal_context(request=request, store=store, language=language),
                **context,
            },
        )
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    return response


def to(name: str, store: Store, *args: object) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(f"returns_portal:{name}", args=[store.slug, *args]))


class FindForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=100)
    contact = forms.CharField(label=_("Phone number or e-mail"), max_length=254)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=12)


@require_http_methods(["GET", "POST"])
def find_order(request: HttpRequest, store_slug: str) -> HttpResponse:
    store = store_of(store_slug)
    if session_order(request, store) is not None and request.method == "GET" and "again" not in request.GET:
        return to("items", store)
    form = FindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        language = page_language(request, store)
        try:
            otp.check_limit("lookup_ip", client_ip(request))
            order = order_find(
                store=store, number=form.cleaned_data["number"], contact=form.cleaned_data["contact"]
            )
            if order is None:
                otp.attempt_record(AttemptKind.LOOKUP_FAILED, ip=client_ip(request))
                form.add_error(None, error_text("order_lookup_failed"))
            else:
                challenge = otp.otp_send(
                    store=store, order=order, client_ip=client_ip(request), language=language
                )
                state_save(request, store, {"challenge": challenge.pk})
                return to("verify", store)
        except WaslError as exc:
            form.add_error(None, error_text(exc.code))
    return page(request, store, "find.html", {"form": form, "step": "find"})


@require_http_methods(["GET", "POST"])
def verify_code(request: HttpRequest, store_slug: str) -> HttpResponse:
    store = store_of(store_slug)
    state = _state(request, store)
    challenge = OtpChallenge.objects.filter(store=store, pk=state.get("challenge") or 0).first()
    if challenge is None:
        return to("find", store)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and "resend" in request.POST:
        try:
            order = challenge.order
            challenge = otp.otp_send(
                store=store, order=order, client_ip=client_ip(request), language=page_language(request, store)
            )
            state_save(request, store, {"challenge": challenge.pk})
            form = CodeForm()
            sent_again = True
        except WaslError as exc:
            form = CodeForm()
            form.add_error(None, error_text(exc.code))
            sent_again = False
        return page(
            request, store, "verify.html", {"form": form, "challenge": challenge, "sent_again": sent_again}
        )
    if request.method == "POST" and form.is_valid():
        verdict = otp.otp_verify(
            store=store,
            challenge_id=challenge.pk,
            code=form.cleaned_data["code"],
            client_ip=client_ip(request),
        )
        if verdict.order_id is not None:
            request.session.cycle_key()  # a new session id once the buyer is known
            state_save(
                request,
                store,
                {
                    "order": verdict.order_id,
                    "customer": challenge.customer_id,
                    "until": time.time() + SESSION_TTL,
                },
            )
            return to("items", store)
        form.add_error("code", error_text(verdict.error))
    return page(request, store, "verify.html", {"form": form, "challenge": challenge, "step": "verify"})


@require_POST
def sign_out(request: HttpRequest, store_slug: str) -> HttpResponse:
    store = store_of(store_slug)
    state_save(request, store, {})
    return to("find", store)
