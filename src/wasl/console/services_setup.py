"""Writes of the console's setup pages: message texts, notification rules, loyalty tiers, the return policy,
staff and API keys. Each change goes on the store's audit trail (`stores.SettingChange`), never its value."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from wasl.console.models import NotificationTiming
from wasl.console.selectors_setup import EVENTS, LANGUAGES, RULED
from wasl.core.errors import Invalid, NotFound
from wasl.messaging.channels.registry import CHANNEL_NAMES
from wasl.messaging.models import NotificationRule, Template
from wasl.messaging.quiet_hours import QuietHours
from wasl.returns.models import LoyaltyTier, ReturnPolicy
from wasl.returns.policy import policy_publish
from wasl.returns.tiers import TierSpec, loyalty_tiers_set
from wasl.stores.models import ApiKey, SettingAction, StaffRole, Store, StoreMember
from wasl.stores.services import (
    api_key_create,
    api_key_revoke,
    member_add,
    member_invite,
    member_remove,
    member_role_set,
    setting_change_record,
)

SOURCE = "console"
# WhatsApp's limit for an approved template's body; the same text is sent as free text inside the window.
BODY_MAX = 1024
MAX_DELAY_MINUTES = 7 * 24 * 60
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_PROVIDER_NAME = re.compile(r"^[a-z0-9_]{1,512}$")


def _spec(event: str, *, worded: bool) -> Any:
    spec = EVENTS.get(event)
    if spec is None or (worded and spec.texts is None) or (not worded and spec not in RULED):
        raise NotFound(f"no message {event!r} to set", code="unknown_event")
    return spec


def unknown_variables(body: str, allowed: tuple[str, ...]) -> list[str]:
    """Every {placeholder} of the text that is not one of the allowed variables, in order, once each."""
    return list(dict.fromkeys(name for name in _PLACEHOLDER.findall(body) if name not in allowed))


@transaction.atomic
def template_save(
    *,
    store: Store,
    event: str,
    language: str,
    body: str,
    provider_name: str,
    param_names: list[str],
    enabled: bool,
    user: Any,
) -> Template:
    """The store's own text for one message and language, with its approved template name and parameters."""
    spec = _spec(event, worded=True)
    if language not in LANGUAGES:
        raise Invalid(f"language must be one of {', '.join(LANGUAGES)}", code="invalid_language")
    body = body.strip()
    if not body or len(body) > BODY_MAX:
        raise Invalid(f"the text must have 1 to {BODY_MAX} characters", code="invalid_body")
    unknown = unknown_variables(body, spec.variables)
    if unknown:
        raise Invalid(f"unknown variables: {', '.join(unknown)}", code="unknown_variable", details=unknown)
    unknown = [name for name in param_names if name not in spec.variables]
    if unknown:
        raise Invalid(f"unknown parameters: {', '.join(unknown)}", code="unknown_variable", details=unknown)
    provider_name = provider_name.strip()
    if provider_name and not _PROVIDER_NAME.match(provider_name):
        raise Invalid(
            "a template name has lower-case letters, digits and _ only", code="invalid_template_name"
        )
    row, _created = Template.objects.update_or_create(
        store=store,
        event=event,
        language=language,
        defaults={
            "body": body,
            "provider_name": provider_name,
            "param_names": list(param_names),
            "enabled": enabled,
        },
    )
    setting_change_record(
        store=store, key=f"template.{event}.{language}", action=SettingAction.SET, user=user, source=SOURCE
    )
    return row


@transaction.atomic
def template_reset(*, store: Store, event: str, language: str, user: Any) -> bool:
    """Back to the built-in text; False (and nothing recorded) when the store had none of its own."""
    _spec(event, worded=True)
    deleted, _rows = Template.objects.filter(store=store, event=event, language=language).delete()
    if deleted:
        setting_change_record(
            store=store,
            key=f"template.{event}.{language}",
            action=SettingAction.CLEARED,
            user=user,
            source=SOURCE,
        )
    return bool(deleted)


def quiet_hours_normalised(spec: str) -> str:
    """ "" (the default), "off", or "HH:MM-HH:MM"; `invalid_quiet_hours` otherwise."""
    spec = spec.strip().lower()
    if spec in ("", "off"):
        return spec
    try:
        hours = QuietHours.parse(spec)
    except ValueError:
        hours = None
    if hours is None:
        raise Invalid(
            "quiet hours look like 22:00-08:00, with different start and end", code="invalid_quiet_hours"
        )
    return f"{hours.start:%H:%M}-{hours.end:%H:%M}"


@transaction.atomic
def rule_save(
    *,
    store: Store,
    event: str,
    enabled: bool,
    channels: list[str],
    delay_minutes: int,
    quiet_hours: str,
    user: Any,
) -> NotificationRule:
    """Whether the event notifies, on which channels in order, and (for order and parcel news) when."""
    spec = _spec(event, worded=False)
    if not channels or any(c not in CHANNEL_NAMES for c in channels) or len(set(channels)) != len(channels):
        raise Invalid("give one to three different channels, in order", code="invalid_channels")
    if spec.timed:
        if not 0 <= delay_minutes <= MAX_DELAY_MINUTES:
            raise Invalid(f"the delay is 0 to {MAX_DELAY_MINUTES} minutes", code="invalid_delay")
        NotificationTiming.objects.update_or_create(
            store=store,
            event=event,
            defaults={"delay_minutes": delay_minutes, "quiet_hours": quiet_hours_normalised(quiet_hours)},
        )
    rule, _created = NotificationRule.objects.update_or_create(
        store=store, event=event, defaults={"enabled": enabled, "channels": list(channels)}
    )
    setting_change_record(
        store=store, key=f"rule.{event}", action=SettingAction.SET, user=user, source=SOURCE
    )
    return rule


@transaction.atomic
def tiers_save(*, store: Store, tiers: list[TierSpec], user: Any) -> list[LoyaltyTier]:
    saved = loyalty_tiers_set(store=store, tiers=tiers)
    setting_change_record(
        store=store, key="returns.tiers", action=SettingAction.SET, user=user, source=SOURCE
    )
    return saved


@transaction.atomic
def return_policy_save(*, store: Store, document: dict[str, Any], note: str, user: Any) -> ReturnPolicy:
    """A new version of the return policy, in force for returns asked from now on."""
    row = policy_publish(store=store, document=document, note=note, created_by=user.get_username())
    setting_change_record(
        store=store, key=f"returns.policy.v{row.version}", action=SettingAction.SET, user=user, source=SOURCE
    )
    return row


# --- staff: managers manage agents and managers; only owners make or unmake owners ---


def _owners_only(acting_role: str, *roles: str) -> None:
    if acting_role != StaffRole.OWNER and StaffRole.OWNER in roles:
        raise Invalid("only an owner can give, change or take away the owner role", code="owners_only")


def staff_invite(
    *, store: Store, acting_role: str, username: str, email: str, role: str, user: Any
) -> tuple[StoreMember, str]:
    _owners_only(acting_role, role)
    return member_invite(store=store, username=username, email=email, role=role, user=user, source=SOURCE)


def staff_add(*, store: Store, acting_role: str, email: str, role: str, user: Any) -> StoreMember:
    _owners_only(acting_role, role)
    return member_add(store=store, email=email, role=role, user=user, source=SOURCE)


def _member(store: Store, member_id: int) -> StoreMember:
    member = StoreMember.objects.filter(store=store, pk=member_id).first()
    if member is None:
        raise NotFound(f"no member {member_id} in this store", code="member_not_found")
    return member


def staff_role_set(*, store: Store, acting_role: str, member_id: int, role: str, user: Any) -> StoreMember:
    _owners_only(acting_role, role, _member(store, member_id).role)
    return member_role_set(store=store, member_id=member_id, role=role, user=user, source=SOURCE)


def staff_remove(*, store: Store, acting_role: str, member_id: int, user: Any) -> None:
    _owners_only(acting_role, _member(store, member_id).role)
    member_remove(store=store, member_id=member_id, user=user, source=SOURCE)


# --- API keys ---


@transaction.atomic
def store_api_key_create(*, store: Store, name: str, user: Any) -> tuple[ApiKey, str]:
    """A new key; the plaintext is returned once and never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise Invalid("a key needs a name of 1 to 100 characters", code="invalid_name")
    key, plaintext = api_key_create(store=store, name=name)
    setting_change_record(
        store=store, key=f"api_key.{key.prefix}", action=SettingAction.SET, user=user, source=SOURCE
    )
    return key, plaintext


@transaction.atomic
def store_api_key_revoke(*, store: Store, key_id: int, user: Any) -> ApiKey:
    key = ApiKey.objects.select_for_update().filter(store=store, pk=key_id).first()
    if key is None:
        raise NotFound(f"no API key {key_id} in this store", code="api_key_not_found")
    if key.revoked_at is None:
        api_key_revoke(key=key)
        setting_change_record(
            store=store, key=f"api_key.{key.prefix}", action=SettingAction.CLEARED, user=user, source=SOURCE
        )
    return key
