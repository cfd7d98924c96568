"""Writes for stores: creation, API keys, integration secrets, staff."""

from __future__ import annotations

import hashlib
import logging
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wasl.core.errors import Conflict, Invalid, NotFound
from wasl.core.money import is_currency
from wasl.stores.crypto import encrypt
from wasl.stores.models import (
    ApiKey,
    IntegrationSecret,
    Language,
    SettingAction,
    SettingChange,
    StaffRole,
    Store,
    StoreMember,
)

logger = logging.getLogger(__name__)

KEY_PREFIX = "wasl_"
HINT_CHARS = 4
# Below this length the last characters give away too much of a secret, so none are kept.
HINT_MIN_LENGTH = 12


def hash_api_key(plaintext: str) -> str:
    # Keys are 256-bit random strings, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def store_create(
    *,
    name: str,
    slug: str,
    country: str,
    currency: str,
    language: str = Language.ARABIC,
    timezone_name: str = "UTC",
) -> Store:
    slug = slug.strip().lower()
    if not slug or slugify(slug) != slug:
        raise Invalid(
            f"{slug!r} is not a valid slug: use lower-case letters, digits and hyphens", code="invalid_slug"
        )
    if Store.objects.filter(slug=slug).exists():
        raise Conflict(f"a store with slug {slug!r} already exists", code="store_exists")
    country, currency = country.strip().upper(), currency.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise Invalid(f"{country!r} is not an ISO 3166-1 alpha-2 country code", code="invalid_country")
    if not is_currency(currency):
        raise Invalid(f"{currency!r} is not an ISO 4217 currency code", code="invalid_currency")
    if language not in Language.values:
        raise Invalid(f"language must be one of {', '.join(Language.values)}", code="invalid_language")
    return Store.objects.create(
        name=name.strip() or slug,
        slug=slug,
        country=country,
        currency=currency,
        language=language,
        timezone=timezone_name,
    )


def api_key_create(*, store: Store, name: str) -> tuple[ApiKey, str]:
    """Returns the key row and the plaintext key, which is never stored and cannot be shown again."""
    token = secrets.token_urlsafe(32)
    plaintext = f"{KEY_PREFIX}{token}"
    key = ApiKey.objects.create(
        store=store, name=name or "default", prefix=plaintext[:12], key_hash=hash_api_key(plaintext)
    )
    return key, plaintext


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def secret_hint(value: str) -> str:
    """The last characters of a value, to recognise it by; nothing for a value too short to spare them."""
    return value[-HINT_CHARS:] if len(value) >= HINT_MIN_LENGTH else ""


@transaction.atomic
def secret_set(
    *, store: Store, key: str, value: str, user: Any = None, actor: str = "", source: str = ""
) -> IntegrationSecret:
    """Store (or replace) a setting, encrypted; the change is written on the audit trail, without the value.

    `user` is who made the change when it was a person (the console); `actor` names them or the tool.
    """
    key = key.strip()
    if not key or not value:
        raise Invalid("both a key and a value are needed", code="invalid_secret")
    secret, _created = IntegrationSecret.objects.update_or_create(
        store=store, key=key, defaults={"encrypted_value": encrypt(value), "hint": secret_hint(value)}
    )
    _record(store, key, SettingAction.SET, user, actor, source)
    return secret


@transaction.atomic
def secret_clear(*, store: Store, key: str, user: Any = None, actor: str = "", source: str = "") -> bool:
    """Remove a setting; False (and nothing recorded) when it was not set."""
    deleted, _rows = IntegrationSecret.objects.filter(store=store, key=key.strip()).delete()
    if deleted:
        _record(store, key.strip(), SettingAction.CLEARED, user, actor, source)
    return bool(deleted)


# --- staff: who may use the console of a store, and as what ---

TEMPORARY_PASSWORD_BYTES = 12


def setting_change_record(
    *, store: Store, key: str, action: str, user: Any = None, actor: str = "", source: str = ""
) -> None:
    """Put a change made elsewhere (a template, a rule, a member) on the store's audit trail, without values."""
    if action not in SettingAction.values:
        raise Invalid(f"action must be one of {', '.join(SettingAction.values)}", code="invalid_action")
    _record(store, key, action, user, actor, source)


def _role(role: str) -> str:
    if role not in StaffRole.values:
        raise Invalid(f"role must be one of {', '.join(StaffRole.values)}", code="invalid_role")
    return role


def _owners_locked(store: Store) -> list[int]:
    """The ids of the store's owners, their rows locked so two removals cannot leave the store without one."""
    return list(
        StoreMember.objects.select_for_update()
        .filter(store=store, role=StaffRole.OWNER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def member_invite(
    *, store: Store, username: str, email: str, role: str, user: Any = None, source: str = ""
) -> tuple[StoreMember, str]:
    """A new user, member of the store; returns the membership and a temporary password, shown once."""
    from django.contrib.auth import get_user_model

    users = get_user_model()
    username, email = username.strip(), email.strip()
    if not username or len(username) > 150:
        raise Invalid("a user name of 1 to 150 characters is needed", code="invalid_username")
    if users.objects.filter(username__iexact=username).exists():
        raise Conflict(f"the user name {username!r} is taken", code="username_taken")
    password = secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
    new_user = users.objects.create_user(username=username, email=email, password=password)
    member = StoreMember.objects.create(store=store, user=new_user, role=_role(role))
    _record(store, f"staff.{username}", SettingAction.SET, user, "", source)
    return member, password


@transaction.atomic
def member_add(*, store: Store, email: str, role: str, user: Any = None, source: str = "") -> StoreMember:
    """Make the existing user with this e-mail address a member of the store."""
    from django.contrib.auth import get_user_model

    email = email.strip()
    found = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2]) if email else []
    if not found:
        raise NotFound(f"no active user has the e-mail address {email!r}", code="user_not_found")
    if len(found) > 1:
        raise Conflict(f"more than one user has the e-mail address {email!r}", code="email_ambiguous")
    if StoreMember.objects.filter(store=store, user=found[0]).exists():
        raise Conflict(f"{found[0].get_username()} is already a member of this store", code="already_member")
    member = StoreMember.objects.create(store=store, user=found[0], role=_role(role))
    _record(store, f"staff.{found[0].get_username()}", SettingAction.SET, user, "", source)
    return member


def _member_locked(store: Store, member_id: int) -> StoreMember:
    member = StoreMember.objects.select_for_update().select_related("user").filter(store=store, pk=member_id)
    found = member.first()
    if found is None:
        raise NotFound(f"no member {member_id} in this store", code="member_not_found")
    return found


@transaction.atomic
def member_role_set(
    *, store: Store, member_id: int, role: str, user: Any = None, source: str = ""
) -> StoreMember:
    """Change a member's role; the store always keeps at least one owner."""
    role = _role(role)
    owners = _owners_locked(store)
    member = _member_locked(store, member_id)
    if member.role == role:
        return member
    if member.role == StaffRole.OWNER and owners == [member.pk]:
        raise Conflict("the store needs at least one owner", code="last_owner")
    member.role = role
    member.save(update_fields=["role"])
    _record(store, f"staff.{member.user.get_username()}", SettingAction.SET, user, "", source)
    return member


@transaction.atomic
def member_remove(*, store: Store, member_id: int, user: Any = None, source: str = "") -> None:
    """Take a member off the store (their user stays, for other stores); never the last owner."""
    owners = _owners_locked(store)
    member = _member_locked(store, member_id)
    if member.role == StaffRole.OWNER and owners == [member.pk]:
        raise Conflict("the store needs at least one owner", code="last_owner")
    name = member.user.get_username()
    member.delete()
    _record(store, f"staff.{name}", SettingAction.CLEARED, user, "", source)


def _record(store: Store, key: str, action: str, user: Any, actor: str, source: str) -> None:
    name = actor or (user.get_username() if user is not None else "")
    SettingChange.objects.create(
        store=store,
        key=key[:100],
        action=action,
        user=user if user is not None and user.pk else None,
        actor=name[:150],
        source=source[:40],
    )
    # A person's change is worth a line in the log; tools (the demo, code) are on the trail alone.
    level = logging.INFO if user is not None else logging.DEBUG
    logger.log(
        level, "store %s: setting %s %s by %s (%s)", store.slug, key, action, name or "?", source or "code"
    )
