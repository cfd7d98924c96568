"""The sandbox: pick or type a test number, then write and tap as the buyer and watch the answers arrive."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wasl.console.access import member_view
from wasl.console.display import bubbles, version_of
from wasl.console.forms import BuyerLocationForm, BuyerMessageForm, BuyerTapForm, SandboxPhoneForm
from wasl.console.models import SandboxPhone
from wasl.console.selectors import orders_by_phone, recent_buyers, sandbox_phones, sandbox_thread
from wasl.core.errors import WaslError
from wasl.messaging.sandbox import (
    sandbox_buyer_says,
    sandbox_conversation,
    sandbox_phone_add,
    sandbox_phone_remove,
)
from wasl.orders.models import Customer
from wasl.stores.models import Store

# What a merchant may try first, one tap each: the six requests in the buyer's languages, and a riddle.
EXAMPLES = (
    "وين طلبي؟",
    "where is my order",
    "je ne serai pas là demain",
    "bghit nbadel l3enwan",
    "ابغى الغي الطلب",
    "I want to return it",
    "ابي اكلم موظف",
    "???",
)

# Somewhere plausible to share as a pin: the store's capital, by country.
SAMPLE_PINS = {
    "SA": ("24.713600", "46.675300"),
    "AE": ("25.204800", "55.270800"),
    "EG": ("30.044400", "31.235700"),
    "MA": ("33.573100", "-7.589800"),
    "DZ": ("36.753800", "3.058800"),
    "TN": ("36.806500", "10.181500"),
}


def _list_page(
    request: HttpRequest, store: Store, form: SandboxPhoneForm | None, status: int = 200
) -> HttpResponse:
    phones = sandbox_phones(store=store)
    registered = {p.phone for p in phones}
    buyers = [c for c in recent_buyers(store=store) if c.phone not in registered]
    context = {
        "store": store,
        "section": "sandbox",
        "phones": phones,
        "orders": orders_by_phone(store, registered),
        "buyers": buyers,
        "form": form or SandboxPhoneForm(),
    }
    return render(request, "console/sandbox_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_view
def sandbox_list_view(request: HttpRequest, store: Store) -> HttpResponse:
    if request.method == "GET":
        return _list_page(request, store, None)
    form = SandboxPhoneForm(request.POST)
    if not form.is_valid():
        return _list_page(request, store, form, status=400)
    try:
        row = sandbox_phone_add(
            store=store,
            phone=form.cleaned_data["phone"],
            label=form.cleaned_data["label"],
            user_id=request.user.pk,
        )
    except WaslError:
        form.add_error(
            "phone", _("This is not a phone number we can read. Try the international form, +212…")
        )
        return _list_page(request, store, form, status=400)
    return redirect("console:sandbox_phone", store_slug=store.slug, phone=row.phone)


def _registered(store: Store, phone: str) -> SandboxPhone:
    row = SandboxPhone.objects.filter(store=store, phone=phone).first()
    if row is None:
        raise Http404("not a sandbox phone of this store")
    return row


def _phone_page(
    request: HttpRequest,
    store: Store,
    row: SandboxPhone,
    *,
    form: BuyerMessageForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    customer = Customer.objects.filter(store=store, phone=row.phone).first()
    thread = sandbox_thread(store=store, phone=row.phone)
    pin = SAMPLE_PINS.get(store.country, SAMPLE_PINS["SA"])
    context = {
        "store": store,
        "section": "sandbox",
        "row": row,
        "customer": customer,
        "order": orders_by_phone(store, {row.phone}).get(row.phone),
        "bubbles": bubbles(thread),
        "version": version_of(thread),
        "form": form or BuyerMessageForm(),
        "location_form": BuyerLocationForm(initial={"latitude": pin[0], "longitude": pin[1]}),
        "examples": EXAMPLES,
        "conversation": sandbox_conversation(store=store, phone=row.phone),
        "error": error,
    }
    template = "console/_phone_thread.html" if request.GET.get("fragment") else "console/sandbox_phone.html"
    return render(request, template, context, status=status)


@require_GET
@member_view
def sandbox_phone_view(request: HttpRequest, store: Store, phone: str) -> HttpResponse:
    return _phone_page(request, store, _registered(store, phone))


def _said(request: HttpRequest, store: Store, row: SandboxPhone, **content: object) -> HttpResponse:
    try:
        sandbox_buyer_says(store=store, phone=row.phone, **content)  # type: ignore[arg-type]
    except WaslError as error:
        return _phone_page(request, store, row, error=_said_error(error), status=400)
    return redirect("console:sandbox_phone", store_slug=store.slug, phone=row.phone)


@require_POST
@member_view
def sandbox_say_view(request: HttpRequest, store: Store, phone: str) -> HttpResponse:
    row = _registered(store, phone)
    form = BuyerMessageForm(request.POST)
    if not form.is_valid():
        return _phone_page(request, store, row, form=form, status=400)
    return _said(request, store, row, text=form.cleaned_data["text"])


@require_POST
@member_view
def sandbox_tap_view(request: HttpRequest, store: Store, phone: str) -> HttpResponse:
    row = _registered(store, phone)
    form = BuyerTapForm(request.POST)
    if not form.is_valid():
        return _phone_page(request, store, row, error=_("That button cannot be tapped."), status=400)
    data = form.cleaned_data
    return _said(
        request,
        store,
        row,
        button_id=data["button_id"],
        button_title=data["button_title"],
        kind=data["kind"] or "button",
    )


@require_POST
@member_view
def sandbox_location_view(request: HttpRequest, store: Store, phone: str) -> HttpResponse:
    row = _registered(store, phone)
    form = BuyerLocationForm(request.POST)
    if not form.is_valid():
        return _phone_page(
            request, store, row, error=_("A location needs a latitude and a longitude."), status=400
        )
    return _said(
        request, store, row, latitude=form.cleaned_data["latitude"], longitude=form.cleaned_data["longitude"]
    )


@require_POST
@member_view
def sandbox_remove_view(request: HttpRequest, store: Store, phone: str) -> HttpResponse:
    row = _registered(store, phone)
    sandbox_phone_remove(store=store, phone=row.phone)
    messages.success(request, _("Messages to %(phone)s go out for real again.") % {"phone": row.phone})
    return redirect("console:sandbox", store_slug=store.slug)


def _said_error(error: WaslError) -> str:
    texts = {
        "empty_message": _("Write a message first."),
        "message_too_long": _("The message is too long."),
        "not_sandbox_phone": _("This number is not a test number of the store."),
    }
    return str(texts.get(error.code, error.message))
