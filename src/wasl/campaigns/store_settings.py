"""A store's campaign settings, with the defaults for a store that never changed them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from wasl.campaigns.models import CampaignSettings
from wasl.core.errors import Invalid
from wasl.stores.models import Store

DEFAULT_RECOVERY_STEPS_H = (1, 24)
DEFAULT_REMINDER_STEPS_H = (24, 72)
MAX_STEPS = 5
MAX_STEP_H = 24 * 30
MAX_WINDOW_H = 24 * 60  # the longest attribution window a store may set


@dataclass(frozen=True)
class SettingsInForce:
    recovery_enabled: bool
    recovery_steps_h: tuple[int, ...]
    reminders_enabled: bool
    reminder_steps_h: tuple[int, ...]
    max_marketing_per_week: int
    daily_limit: int
    attribution_window_h: int
    holdout_share: Decimal


def settings_for(*, store: Store) -> SettingsInForce:
    row = CampaignSettings.objects.filter(store=store).first()
    if row is None:
        return SettingsInForce(
            True, DEFAULT_RECOVERY_STEPS_H, True, DEFAULT_REMINDER_STEPS_H, 2, 1000, 72, Decimal("0.1")
        )
    return SettingsInForce(
        recovery_enabled=row.recovery_enabled,
        recovery_steps_h=tuple(int(h) for h in row.recovery_steps_h) or DEFAULT_RECOVERY_STEPS_H,
        reminders_enabled=row.reminders_enabled,
        reminder_steps_h=tuple(int(h) for h in row.reminder_steps_h) or DEFAULT_REMINDER_STEPS_H,
        max_marketing_per_week=row.max_marketing_per_week,
        daily_limit=row.daily_limit,
        attribution_window_h=row.attribution_window_h,
        holdout_share=row.holdout_share,
    )


def _steps(value: list[int], name: str) -> list[int]:
    if not value or len(value) > MAX_STEPS:
        raise Invalid(f"{name}: between 1 and {MAX_STEPS} steps", code="invalid_steps")
    if any(not isinstance(h, int) or isinstance(h, bool) or h < 1 or h > MAX_STEP_H for h in value):
        raise Invalid(f"{name}: whole hours between 1 and {MAX_STEP_H}", code="invalid_steps")
    if list(value) != sorted(set(value)):
        raise Invalid(f"{name}: each step later than the one before", code="invalid_steps")
    return list(value)


def campaign_settings_set(
    *,
    store: Store,
    recovery_enabled: bool | None = None,
    recovery_steps_h: list[int] | None = None,
    reminders_enabled: bool | None = None,
    reminder_steps_h: list[int] | None = None,
    max_marketing_per_week: int | None = None,
    daily_limit: int | None = None,
    attribution_window_h: int | None = None,
    holdout_share: Decimal | None = None,
) -> SettingsInForce:
    """Change what is given; the rest keeps its value (or its default)."""
    current = settings_for(store=store)
    row, _created = CampaignSettings.objects.get_or_create(
        store=store,
        defaults={
            "recovery_steps_h": list(current.recovery_steps_h),
            "reminder_steps_h": list(current.reminder_steps_h),
        },
    )
    if recovery_enabled is not None:
        row.recovery_enabled = recovery_enabled
    if recovery_steps_h is not None:
        row.recovery_steps_h = _steps(recovery_steps_h, "recovery_steps_h")
    if reminders_enabled is not None:
        row.reminders_enabled = reminders_enabled
    if reminder_steps_h is not None:
        row.reminder_steps_h = _steps(reminder_steps_h, "reminder_steps_h")
    if max_marketing_per_week is not None:
        if not 0 <= max_marketing_per_week <= 50:
            raise Invalid("max_marketing_per_week: between 0 and 50", code="invalid_setting")
        row.max_marketing_per_week = max_marketing_per_week
    if daily_limit is not None:
        if not 1 <= daily_limit <= 10_000_000:
            raise Invalid("daily_limit: between 1 and 10,000,000", code="invalid_setting")
        row.daily_limit = daily_limit
    if attribution_window_h is not None:
        if not 1 <= attribution_window_h <= MAX_WINDOW_H:
            raise Invalid(f"attribution_window_h: between 1 and {MAX_WINDOW_H} hours", code="invalid_setting")
        row.attribution_window_h = attribution_window_h
    if holdout_share is not None:
        row.holdout_share = holdout_share_checked(holdout_share)
    row.save()
    return settings_for(store=store)


def holdout_share_checked(share: Decimal) -> Decimal:
    if not Decimal(0) <= share <= Decimal("0.5"):
        raise Invalid("holdout_share: between 0 and 0.5", code="invalid_holdout_share")
    return share
