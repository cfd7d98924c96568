"""Writes for a store's delivery promise settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wasl.core.errors import Invalid
from wasl.shipping.promises_models import PromiseSettings
from wasl.stores.models import Store

FIELDS = (
    "origin_city",
    "working_days",
    "holidays",
    "handling_days",
    "default_transit_days",
    "quantile",
    "min_samples",
    "history_days",
    "default_carrier",
    "default_weight_grams",
)


@transaction.atomic
def promise_settings_set(*, store: Store, values: dict[str, Any]) -> PromiseSettings:
    """Change some of the store's settings (validated by the model's own rules); the rest stay as they are."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise Invalid(f"unknown settings: {', '.join(unknown)}", code="invalid_setting")
    settings, _ = PromiseSettings.objects.select_for_update().get_or_create(store=store)
    for name, value in values.items():
        setattr(settings, name, value)
    from django.core.exceptions import ValidationError

    try:
        settings.full_clean(exclude=["store"])
    except ValidationError as error:
        first = next(iter(error.message_dict.items()))
        raise Invalid(f"{first[0]}: {first[1][0]}", code="invalid_setting") from None
    settings.save()
    return settings
