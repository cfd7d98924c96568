"""Carriers: scorecards, rate cards (view, new version, retire, CSV import and export), promise settings."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wasl.console.access import member_view
from wasl.console.forms_carriers import PromiseSettingsForm, RateCardForm, RateImportForm
from wasl.core.errors import Invalid, WaslError
from wasl.shipping.promise_settings import promise_settings_set
from wasl.shipping.promise_stats import lane_stats_refresh
from wasl.shipping.promises import settings_for
from wasl.shipping.rates import cards_in_force
from wasl.shipping.rates_csv import rate_cards_csv, rate_cards_import
from wasl.shipping.rates_models import RateCard
from wasl.shipping.rates_services import rate_card_create, rate_card_retire
from wasl.shipping.scorecards import Scorecard, carrier_scorecards, scorecards_computed_at
from wasl.stores.models import Store


def _home(store: Store) -> HttpResponse:
    return redirect(reverse("console:carriers", args=[store.slug]))


def _card(store: Store, card_id: int) -> RateCard:
    card = RateCard.objects.filter(store=store, pk=card_id).first()
    if card is None:
        raise Http404("no such rate card")
    return card


@require_GET
@member_view
def carriers_view(request: HttpRequest, store: Store) -> HttpResponse:
    by_carrier: dict[str, list[Scorecard]] = defaultdict(list)
    for card in carrier_scorecards(store=store):
        by_carrier[card.carrier].append(card)
    in_force = cards_in_force(store=store, on=timezone.localdate())
    context = {
        "store": store,
        "section": "carriers",
        "scorecards": [(cards[0], cards[1:]) for cards in by_carrier.values()],
        "computed_at": scorecards_computed_at(store=store),
        "cards": sorted(in_force.values(), key=lambda c: c.carrier),
        "settings": settings_for(store),
    }
    return render(request, "console/carriers.html", context)


@require_POST
@member_view
def carriers_refresh_view(request: HttpRequest, store: Store) -> HttpResponse:
    rows = lane_stats_refresh(store=store)
    messages.success(request, _("Figures rebuilt from the store's history (%(rows)s rows).") % {"rows": rows})
    return _home(store)


@require_GET
@member_view
def rate_card_view(request: HttpRequest, store: Store, card_id: int) -> HttpResponse:
    card = _card(store, card_id)
    context = {
        "store": store,
        "section": "carriers",
        "card": card,
        "zones": card.zones.order_by("id"),
        "slabs": card.slabs.order_by("zone", "max_grams"),
        "versions": RateCard.objects.filter(store=store, carrier=card.carrier).order_by("-version"),
        "in_force": cards_in_force(store=store, on=timezone.localdate(), carrier=card.carrier).get(
            card.carrier
        ),
    }
    return render(request, "console/carriers_card.html", context)


@require_http_methods(["GET", "POST"])
@member_view
def rate_card_new_view(request: HttpRequest, store: Store) -> HttpResponse:
    """A new card, or (with ?from=<id>) the next version of one, starting from its values."""
    source = request.GET.get("from", "")
    initial = (
        RateCardForm.initial_from(_card(store, int(source))) if source.isdigit() and len(source) < 19 else {}
    )
    form = RateCardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            card = rate_card_create(store=store, spec=form.spec(), created_by=request.user.get_username())
        except WaslError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Version %(version)s of %(carrier)s's rate card is saved.")
                % {"version": card.version, "carrier": card.carrier},
            )
            return redirect(reverse("console:carriers_card", args=[store.slug, card.pk]))
    context = {"store": store, "section": "carriers", "form": form, "currency": store.currency}
    return render(request, "console/carriers_card_form.html", context, status=400 if form.errors else 200)


@require_POST
@member_view
def rate_card_retire_view(request: HttpRequest, store: Store, card_id: int) -> HttpResponse:
    card = rate_card_retire(store=store, card_id=_card(store, card_id).pk)
    messages.success(
        request,
        _("Version %(version)s of %(carrier)s's rate card is retired.")
        % {"version": card.version, "carrier": card.carrier},
    )
    return redirect(reverse("console:carriers_card", args=[store.slug, card.pk]))


@require_http_methods(["GET", "POST"])
@member_view
def rate_import_view(request: HttpRequest, store: Store) -> HttpResponse:
    form = RateImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            cards = rate_cards_import(
                store=store,
                text=form.cleaned_data["file"],
                effective_from=form.cleaned_data["effective_from"],
                created_by=request.user.get_username(),
            )
        except Invalid as error:
            form.add_error("file", error.message)
        else:
            names = ", ".join(f"{c.carrier} v{c.version}" for c in cards)
            messages.success(request, _("Imported: %(cards)s.") % {"cards": names})
            return _home(store)
    context = {"store": store, "section": "carriers", "form": form}
    return render(request, "console/carriers_import.html", context, status=400 if form.errors else 200)


@require_GET
@member_view
def rate_export_view(request: HttpRequest, store: Store) -> HttpResponse:
    """The cards in force today, in the import format."""
    cards = sorted(cards_in_force(store=store, on=timezone.localdate()).values(), key=lambda c: c.carrier)
    response = HttpResponse(rate_cards_csv(cards), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{store.slug}-rate-cards.csv"'
    return response


@require_http_methods(["GET", "POST"])
@member_view
def promise_settings_view(request: HttpRequest, store: Store) -> HttpResponse:
    form = PromiseSettingsForm(request.POST or None, instance=settings_for(store))
    if request.method == "POST" and form.is_valid():
        try:
            promise_settings_set(store=store, values=form.values())
        except Invalid as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Delivery promise settings saved."))
            return _home(store)
    context = {"store": store, "section": "carriers", "form": form}
    return render(request, "console/carriers_settings.html", context, status=400 if form.errors else 200)
