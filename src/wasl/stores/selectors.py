"""Reads for stores. Everything that resolves a tenant goes through here."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from wasl.core.errors import NotFound
from wasl.stores.crypto import decrypt
from wasl.stores.models import ApiKey, IntegrationSecret, Store
from wasl.stores.services import KEY_PREFIX, hash_api_key

# Writing last_used_at on every request would make every API call a write; once a minute is plenty.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def store_get(*, slug: str) -> Store:
    try:
        return Store.objects.get(slug=slug)
    except Store.DoesNotExist:
        raise NotFound(f"no store {slug!r}", code="store_not_found") from None


def store_for_api_key(plaintext: str) -> Store | None:
    if not plaintext.startswith(KEY_PREFIX):
        return None
    key = (
        ApiKey.objects.select_related("store")
        .filter(key_hash=hash_api_key(plaintext), revoked_at__isnull=True)
        .first()
    )
    if key is None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > _LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key.store


def secret_get(*, store: Store, key: str) -> str | None:
    row = IntegrationSecret.objects.filter(store=store, key=key).only("encrypted_value").first()
    return decrypt(row.encrypted_value) if row else None
