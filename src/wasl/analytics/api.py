"""/api/v1/analytics: the dashboard's figures, cost settings, acquisition cost per channel and month, refresh."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from wasl.analytics.models import AcquisitionCost
from wasl.analytics.profit import acquisition
from wasl.analytics.refresh import settings_of
from wasl.analytics.selectors import totals
from wasl.analytics.services import (
    SETTING_FIELDS,
    acquisition_cost_delete,
    acquisition_cost_set,
    analytics_settings_update,
)
from wasl.core.errors import Invalid, NotFound
from wasl.stores.models import Store

router = Router(tags=["analytics"])
MAX_DAYS = 731
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _store(request: HttpRequest) -> Store:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _month(text: str) -> date:
    match = MONTH.match(text)
    if match is None:
        raise Invalid("month must look like 2026-05", code="invalid_month")
    return date(int(match[1]), int(match[2]), 1)


class RangeIn(Schema):
    start: date | None = None
    end: date | None = None


class SummaryOut(Schema):
    start: date
    end: date
    currency: str
    orders: int
    shipped: int
    delivered: int
    rto: int
    ndr: int
    returned: int
    delivery_rate: float | None
    rto_rate: float | None
    revenue: Decimal
    kept_revenue: Decimal
    product_cost: Decimal
    shipping_cost: Decimal
    cod_fee: Decimal
    message_cost: Decimal
    refunded: Decimal
    profit: Decimal


@router.get("/summary", response=SummaryOut)
def summary(request: HttpRequest, period: Query[RangeIn]) -> dict[str, object]:
    """Figures of the orders placed in [start, end] (default: the last 30 days), as of the last refresh."""
    end = period.end or date.today()
    start = period.start or end - timedelta(days=29)
    if start > end:
        raise Invalid("start comes after end", code="range_reversed")
    if (end - start).days >= MAX_DAYS:
        raise Invalid("the range is at most two years", code="range_too_long")
    store = _store(request)
    figures = totals(store, start, end)
    return {
        "start": start,
        "end": end,
        "currency": store.currency,
        **{name: getattr(figures, name) for name in SummaryOut.model_fields if hasattr(figures, name)},
    }


class SettingsIO(Schema):
    forward_shipping_cost: Decimal | None = None
    rto_shipping_cost: Decimal | None = None
    reverse_shipping_cost: Decimal | None = None
    cod_fee_fixed: Decimal | None = None
    cod_fee_percent: Decimal | None = None
    whatsapp_message_cost: Decimal | None = None
    sms_message_cost: Decimal | None = None
    email_message_cost: Decimal | None = None
    weekly_report: bool | None = None


@router.get("/settings", response=SettingsIO)
def get_settings(request: HttpRequest) -> object:
    return settings_of(_store(request))


@router.patch("/settings", response=SettingsIO)
def patch_settings(request: HttpRequest, payload: SettingsIO) -> object:
    """Change some costs; every order's profit is computed again with them."""
    given = payload.dict(exclude_unset=True)
    values = {name: given[name] for name in SETTING_FIELDS if given.get(name) is not None}
    return analytics_settings_update(
        store=_store(request), values=values, weekly_report=given.get("weekly_report")
    )


class AcquisitionIn(Schema):
    channel: str
    month: str
    spend: Decimal
    new_customers: int | None = None


class AcquisitionOut(Schema):
    channel: str
    month: str
    spend: Decimal | None
    new_customers: int
    cac: Decimal | None


@router.get("/acquisition-costs", response=list[AcquisitionOut])
def list_acquisition(request: HttpRequest, period: Query[RangeIn]) -> list[dict[str, object]]:
    """Per channel and month: the spend entered, the new customers (entered, else first orders), the CAC."""
    end = period.end or date.today()
    start = period.start or (end - timedelta(days=365)).replace(day=1)
    return [
        {
            "channel": row.channel,
            "month": row.month.strftime("%Y-%m"),
            "spend": row.spend,
            "new_customers": row.customers,
            "cac": row.cac,
        }
        for row in acquisition(_store(request), start, end)
    ]


@router.put("/acquisition-costs", response={200: AcquisitionIn})
def put_acquisition(request: HttpRequest, payload: AcquisitionIn) -> Status:
    saved = acquisition_cost_set(
        store=_store(request),
        channel=payload.channel,
        month=_month(payload.month),
        spend=payload.spend,
        new_customers=payload.new_customers,
        actor="api",
    )
    return Status(200, _acquisition_out(saved))


def _acquisition_out(cost: AcquisitionCost) -> dict[str, object]:
    return {
        "channel": cost.channel,
        "month": cost.month.strftime("%Y-%m"),
        "spend": cost.spend,
        "new_customers": cost.new_customers,
    }


@router.delete("/acquisition-costs/{channel}/{month}", response={204: None})
def delete_acquisition(request: HttpRequest, channel: str, month: str) -> Status:
    if not acquisition_cost_delete(store=_store(request), channel=channel, month=_month(month)):
        raise NotFound("no acquisition cost for that channel and month", code="acquisition_cost_not_found")
    return Status(204, None)


class RefreshOut(Schema):
    queued: bool
    full: bool


class RefreshIn(Schema):
    full: bool = False


@router.post("/refresh", response={202: RefreshOut})
def refresh(request: HttpRequest, payload: RefreshIn) -> Status:
    """Queue a refresh of the figures now rather than at the next scheduled one."""
    from wasl.analytics.tasks import refresh_store

    refresh_store.enqueue(_store(request).pk, payload.full)
    return Status(202, {"queued": True, "full": payload.full})
