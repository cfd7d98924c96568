"""Writes of the analytics app: a store's cost settings and its acquisition costs per channel and month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from wasl.analytics.models import AcquisitionCost, AnalyticsSettings
from wasl.core.errors import Invalid
from wasl.stores.models import Store

SETTING_FIELDS = (
    "forward_shipping_cost",
    "rto_shipping_cost",
    "reverse_shipping_cost",
    "cod_fee_fixed",
    "cod_fee_percent",
    "whatsapp_message_cost",
    "sms_message_cost",
    "email_message_cost",
)
MAX_AMOUNT = Decimal("100000000")


@transaction.atomic
def analytics_settings_update(
    *, store: Store, values: dict[str, Decimal], weekly_report: bool | None = None
) -> AnalyticsSettings:
    """Change a store's cost settings; every order's profit is then computed again (a full refresh is queued)."""
    unknown = sorted(set(values) - set(SETTING_FIELDS))
    if unknown:
        raise Invalid(f"unknown settings: {', '.join(unknown)}", code="unknown_setting")
    for name, value in values.items():
        if not isinstance(value, Decimal) or not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
            raise Invalid(f"{name} must be an amount of at least 0", code="invalid_amount")
        if name == "cod_fee_percent" and value > 100:
            raise Invalid("cod_fee_percent is at most 100", code="invalid_amount")
    settings, _ = AnalyticsSettings.objects.select_for_update().get_or_create(store=store)
    for name, value in values.items():
        setattr(settings, name, value)
    if weekly_report is not None:
        settings.weekly_report = weekly_report
    settings.save()
    if values:
        from wasl.analytics.tasks import refresh_store

        store_id = store.pk
        transaction.on_commit(lambda: refresh_store.enqueue(store_id, True))
    return settings


@transaction.atomic
def acquisition_cost_set(
    *,
    store: Store,
    channel: str,
    month: date,
    spend: Decimal,
    new_customers: int | None = None,
    actor: str = "",
) -> AcquisitionCost:
    """Record (or replace) what a channel cost in a month; `new_customers` None counts first orders instead."""
    channel = channel.strip().lower()
    if not channel or len(channel) > 30:
        raise Invalid("channel must be 1 to 30 characters", code="invalid_channel")
    if not isinstance(spend, Decimal) or not spend.is_finite() or spend < 0 or spend >= MAX_AMOUNT:
        raise Invalid("spend must be an amount of at least 0", code="invalid_amount")
    if new_customers is not None and new_customers < 0:
        raise Invalid("new_customers must be at least 0", code="invalid_count")
    cost, _ = AcquisitionCost.objects.update_or_create(
        store=store,
        channel=channel,
        month=month.replace(day=1),
        defaults={"spend": spend, "new_customers": new_customers, "updated_by": actor[:150]},
    )
    return cost


@transaction.atomic
def acquisition_cost_delete(*, store: Store, channel: str, month: date) -> bool:
    deleted, _ = AcquisitionCost.objects.filter(
        store=store, channel=channel.strip().lower(), month=month.replace(day=1)
    ).delete()
    return bool(deleted)
