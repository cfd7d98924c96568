"""The store's dashboard: orders, delivery and RTO rates over time and by payment method, carrier, region or
channel; failed deliveries and returns by reason; the products most returned; the message funnel; uplift."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wasl.analytics.dashboard import dashboard_context
from wasl.analytics.labels import DIMENSIONS
from wasl.console.access import member_view
from wasl.stores.models import Store

DEFAULT_DAYS = 30
MAX_DAYS = 731


def today_of(store: Store) -> date:
    return datetime.now(ZoneInfo(store.timezone)).date()


class RangeForm(forms.Form):
    """A date range (at most two years) and how to split the figures."""

    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    by = forms.ChoiceField(label=gettext_lazy("By"), choices=list(DIMENSIONS.items()), required=False)

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        end = cleaned.get("end") or self.today
        start = cleaned.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(
                _("The start of the range comes after its end."), code="range_reversed"
            )
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose at most two years."), code="range_too_long")
        cleaned.update(start=start, end=end, by=cleaned.get("by") or "payment_method")
        return cleaned


def range_of(request: HttpRequest, store: Store) -> tuple[RangeForm, date, date, str]:
    """The range asked for, or the last 30 days when the form is empty or wrong (its errors are shown)."""
    today = today_of(store)
    form = RangeForm(request.GET or None, today=today)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["by"]
    return form, today - timedelta(days=DEFAULT_DAYS - 1), today, "payment_method"


@require_GET
@member_view
def dashboard_view(request: HttpRequest, store: Store) -> HttpResponse:
    form, start, end, by = range_of(request, store)
    context = dashboard_context(store=store, start=start, end=end, dimension=by, rtl=get_language_bidi())
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "console/dashboard.html",
        {"store": store, "section": "dashboard", "form": form, **context},
        status=status,
    )
