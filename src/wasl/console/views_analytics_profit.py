"""True profit: by region, carrier, channel and payment method, by product, per order; what returns cost;
acquisition cost per channel and month against lifetime value; and the cost settings behind the figures."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from wasl.analytics import labels
from wasl.analytics.models import AnalyticsSettings
from wasl.analytics.profit import (
    acquisition,
    grouped_returns,
    lifetime_values,
    orders_in,
    products_by_profit,
    return_rates,
)
from wasl.analytics.refresh import settings_of
from wasl.analytics.selectors import breakdown, totals
from wasl.analytics.services import SETTING_FIELDS, acquisition_cost_set, analytics_settings_update
from wasl.console.access import member_view
from wasl.console.views_analytics import range_of
from wasl.core.errors import WaslError
from wasl.stores.models import Store


class CostsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AnalyticsSettings
        fields = [*SETTING_FIELDS, "weekly_report"]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        for name in SETTING_FIELDS:
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("An amount of at least 0."))
        return cleaned


class AcquisitionForm(forms.Form):
    channel = forms.CharField(label=gettext_lazy("Channel"), max_length=30)
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    spend = forms.DecimalField(
        label=gettext_lazy("Marketing spend"), min_value=0, max_digits=14, decimal_places=3
    )
    new_customers = forms.IntegerField(
        label=gettext_lazy("New customers"),
        min_value=0,
        required=False,
        help_text=gettext_lazy("Leave empty to count first orders."),
    )


def _profit_page(
    request: HttpRequest,
    store: Store,
    *,
    costs_form: CostsForm | None = None,
    acquisition_form: AcquisitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form, start, end, _by = range_of(request, store)
    splits = {
        dimension: [
            (labels.value_label(dimension, value), f)
            for value, f in breakdown(store, start, end, dimension, over_time=False).rows
        ]
        for dimension in ("region", "carrier", "channel", "payment_method")
    }
    store_rate, returned = return_rates(store, start, end)
    context = {
        "store": store,
        "section": "profit",
        "form": form,
        "start": start,
        "end": end,
        "totals": totals(store, start, end),
        "splits": [(str(labels.DIMENSIONS[d]), rows) for d, rows in splits.items()],
        "products": products_by_profit(store, start, end),
        "orders": orders_in(store, start, end),
        "acquisition": acquisition(store, start, end),
        "lifetime": lifetime_values(store),
        "store_return_rate": store_rate,
        "returned_products": returned,
        "reasons_by_product": [
            {**row, "reason_label": labels.return_reason_label(row["reason"])}
            for row in grouped_returns(store, start, end, "sku", "name", "reason")[:30]
        ],
        "reasons_by_category": [
            {**row, "reason_label": labels.return_reason_label(row["reason"])}
            for row in grouped_returns(store, start, end, "category", "reason")[:30]
        ],
        "grades": [(labels.grade_label(r["grade"]), r) for r in grouped_returns(store, start, end, "grade")],
        "outcomes": [
            (labels.outcome_label(r["outcome"]), r) for r in grouped_returns(store, start, end, "outcome")
        ],
        "costs_form": costs_form or CostsForm(instance=settings_of(store)),
        "acquisition_form": acquisition_form
        or AcquisitionForm(initial={"month": date.today().strftime("%Y-%m")}),
    }
    return render(request, "console/profit.html", context, status=status)


@require_GET
@member_view
def profit_view(request: HttpRequest, store: Store) -> HttpResponse:
    form, *_rest = range_of(request, store)
    return _profit_page(request, store, status=400 if form.is_bound and not form.is_valid() else 200)


@require_POST
@member_view
def costs_view(request: HttpRequest, store: Store) -> HttpResponse:
    form = CostsForm(request.POST, instance=settings_of(store))
    if not form.is_valid():
        return _profit_page(request, store, costs_form=form, status=400)
    values = {name: form.cleaned_data[name] for name in SETTING_FIELDS}
    analytics_settings_update(store=store, values=values, weekly_report=form.cleaned_data["weekly_report"])
    messages.success(request, _("Costs saved. Profit is being computed again with them."))
    return redirect("console:profit", store_slug=store.slug)


@require_POST
@member_view
def acquisition_view(request: HttpRequest, store: Store) -> HttpResponse:
    form = AcquisitionForm(request.POST)
    if form.is_valid():
        try:
            acquisition_cost_set(
                store=store,
                channel=form.cleaned_data["channel"],
                month=form.cleaned_data["month"],
                spend=form.cleaned_data["spend"],
                new_customers=form.cleaned_data["new_customers"],
                actor=request.user.get_username(),
            )
        except WaslError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Acquisition cost saved."))
            return redirect("console:profit", store_slug=store.slug)
    return _profit_page(request, store, acquisition_form=form, status=400)
