"""What the dashboard shows for a store and a date range: figures, charts and tables, from the rollups only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wasl.analytics import labels
from wasl.analytics.charts import Series, bar_chart, line_chart, percent, plain
from wasl.analytics.selectors import (
    Figures,
    breakdown,
    message_funnel,
    ndr_reasons,
    over_time,
    refreshed_at,
    return_reasons,
    top_products,
    totals,
    uplift,
)
from wasl.stores.models import Store


@dataclass(frozen=True)
class UpliftLine:
    action: str
    treated: int
    holdout: int
    treated_rate: float | None
    holdout_rate: float | None
    difference: float | None
    low: float | None
    high: float | None
    significant: bool
    open_orders: int


def day_label(day: date) -> str:
    return date_format(day, "j M")


def _rates(figures: list[Figures], rate: str) -> list[float | None]:
    return [getattr(f, rate) for f in figures]


def dashboard_context(*, store: Store, start: date, end: date, dimension: str, rtl: bool) -> dict[str, Any]:
    days, figures = over_time(store, start, end)
    day_labels = [day_label(day) for day in days]
    split = breakdown(store, start, end, dimension)
    dimension_name = str(labels.DIMENSIONS[dimension])
    ndr = [(labels.ndr_reason_label(code), count) for code, count in ndr_reasons(store, start, end)]
    returns = [(labels.return_reason_label(code), units) for code, units in return_reasons(store, start, end)]
    most_returned = top_products(store, start, end, "returned_units")
    most_rto = top_products(store, start, end, "rto_units")
    funnel = message_funnel(store, start, end)
    sent = sum(f.sent for f in funnel)
    funnel_bars = [
        (_("Sent"), sent),
        (_("Delivered"), sum(f.delivered for f in funnel)),
        (_("Read"), sum(f.read for f in funnel)),
        (_("Replied"), sum(f.replied for f in funnel)),
    ]
    charts = {
        "orders": line_chart(
            title=_("Orders"),
            labels=day_labels,
            series=[Series(_("Orders"), [f.orders for f in figures])],
            rtl=rtl,
        ),
        "rates": line_chart(
            title=_("Delivery and RTO rates"),
            labels=day_labels,
            series=[
                Series(_("Delivery rate"), _rates(figures, "delivery_rate")),
                Series(_("RTO rate"), _rates(figures, "rto_rate")),
            ],
            value_format=percent,
            top=1.0,
            rtl=rtl,
        ),
        "dimension_rto": line_chart(
            title=_("RTO rate by %(dimension)s") % {"dimension": dimension_name.lower()},
            labels=day_labels,
            series=[
                Series(labels.value_label(dimension, value), _rates(series, "rto_rate"))
                for value, series in split.series.items()
            ],
            value_format=percent,
            rtl=rtl,
        ),
        "dimension_delivery": line_chart(
            title=_("Delivery rate by %(dimension)s") % {"dimension": dimension_name.lower()},
            labels=day_labels,
            series=[
                Series(labels.value_label(dimension, value), _rates(series, "delivery_rate"))
                for value, series in split.series.items()
            ],
            value_format=percent,
            top=1.0,
            rtl=rtl,
        ),
        "ndr": bar_chart(title=_("Failed deliveries by reason"), bars=ndr, rtl=rtl),
        "returns": bar_chart(title=_("Returned items by reason"), bars=returns, rtl=rtl),
        "most_returned": bar_chart(
            title=_("Most returned products"),
            bars=[(p.name or p.sku, p.returned_units) for p in most_returned],
            rtl=rtl,
        ),
        "most_rto": bar_chart(
            title=_("Products most often returned to origin"),
            bars=[(p.name or p.sku, p.rto_units) for p in most_rto],
            rtl=rtl,
        ),
        "funnel": bar_chart(title=_("Message funnel"), bars=funnel_bars, value_format=plain, rtl=rtl),
    }
    return {
        "start": start,
        "end": end,
        "dimension": dimension,
        "dimension_name": dimension_name,
        "dimensions": [(code, str(name)) for code, name in labels.DIMENSIONS.items()],
        "totals": totals(store, start, end),
        "charts": charts,
        "dimension_rows": [(labels.value_label(dimension, value), f) for value, f in split.rows],
        "ndr_rows": ndr,
        "return_rows": returns,
        "most_returned": most_returned,
        "most_rto": most_rto,
        "funnel": [(labels.channel_label(f.channel), f) for f in funnel],
        "message_cost": sum((f.cost for f in funnel), start=Decimal(0)),
        "uplift": [_uplift_line(line) for line in uplift(store)],
        "refresh": refreshed_at(store),
    }


def _uplift_line(line: Any) -> UpliftLine:
    interval = line.interval
    return UpliftLine(
        action=labels.action_label(line.action),
        treated=line.treated,
        holdout=line.holdout,
        treated_rate=line.treated_rate,
        holdout_rate=line.holdout_rate,
        difference=line.difference,
        low=interval.low if interval else None,
        high=interval.high if interval else None,
        significant=line.significant,
        open_orders=line.open_treated + line.open_holdout,
    )
