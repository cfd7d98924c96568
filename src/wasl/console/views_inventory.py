"""Inventory: stock per SKU and location with a search, low-stock thresholds and alerts, restocked returns."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.access import member_view
from wasl.console.forms_receiving import ThresholdForm, VariantThresholdForm
from wasl.core.errors import WaslError
from wasl.orders.inventory import (
    MAX_SEARCH,
    default_threshold,
    inventory_default_threshold_set,
    open_alerts,
    stock_list,
    stock_locations,
    variant_threshold_set,
)
from wasl.returns.receiving import restocked_items
from wasl.stores.models import Store

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[str, str, bool]:
    """The page's filters, from the query string (the threshold forms post to the page's own query)."""
    return (
        request.GET.get("q", "").strip()[:MAX_SEARCH],
        request.GET.get("location", "").strip()[:100],
        request.GET.get("low") == "1",
    )


def _query(search: str, location: str, low: bool) -> str:
    kept = QueryDict(mutable=True)
    for key, value in (("q", search), ("location", location), ("low", "1" if low else "")):
        if value:
            kept[key] = value
    return kept.urlencode()


@require_GET
@member_view
def inventory_view(request: HttpRequest, store: Store) -> HttpResponse:
    search, location, low = _filters(request)
    locations = stock_locations(store=store)
    if location not in locations:
        location = ""
    paginator = Paginator(stock_list(store=store, search=search, location=location, low_only=low), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "store": store,
        "section": "inventory",
        "page": page,
        "search": search,
        "location": location,
        "low": low,
        "query": _query(search, location, low),
        "locations": locations,
        "alerts": open_alerts(store=store)[:50],
        "restocked": restocked_items(store=store, limit=30),
        "threshold_form": ThresholdForm(initial={"threshold": default_threshold(store=store)}),
    }
    return render(request, "console/inventory.html", context)


def _back(request: HttpRequest, store: Store) -> HttpResponse:
    query = _query(*_filters(request))
    return redirect(reverse("console:inventory", args=[store.slug]) + (f"?{query}" if query else ""))


@require_POST
@member_view
def inventory_threshold_view(request: HttpRequest, store: Store) -> HttpResponse:
    form = ThresholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The threshold is a whole number, 0 or more."))
        return _back(request, store)
    inventory_default_threshold_set(store=store, threshold=form.cleaned_data["threshold"])
    messages.success(request, _("Default low-stock threshold saved."))
    return _back(request, store)


@require_POST
@member_view
def variant_threshold_view(request: HttpRequest, store: Store, variant_id: int) -> HttpResponse:
    form = VariantThresholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The threshold is a whole number, 0 or more."))
        return _back(request, store)
    try:
        variant = variant_threshold_set(
            store=store, variant_id=variant_id, threshold=form.cleaned_data["threshold"]
        )
    except WaslError:
        messages.error(request, _("No such variant in this store."))
        return _back(request, store)
    messages.success(request, _("Threshold of %(sku)s saved.") % {"sku": variant.sku})
    return _back(request, store)
