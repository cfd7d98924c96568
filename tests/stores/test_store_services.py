"""Stores: creation rules, API keys kept as hashes, secrets kept encrypted."""

from __future__ import annotations

import pytest

from wasl.core.errors import WaslError
from wasl.stores.models import ApiKey, IntegrationSecret, SettingChange
from wasl.stores.selectors import secret_get, store_for_api_key
from wasl.stores.services import (
    api_key_create,
    api_key_revoke,
    hash_api_key,
    secret_clear,
    secret_set,
    store_create,
)

pytestmark = pytest.mark.django_db


def test_an_api_key_is_stored_only_as_its_hash_and_resolves_to_its_store(store) -> None:
    key, plaintext = api_key_create(store=store, name="erp")
    assert plaintext.startswith("wasl_") and len(plaintext) > 40
    assert ApiKey.objects.filter(key_hash=hash_api_key(plaintext)).count() == 1
    assert not ApiKey.objects.filter(key_hash=plaintext).exists()
    assert key.prefix == plaintext[:12]
    assert store_for_api_key(plaintext) == store


def test_a_revoked_or_unknown_key_resolves_to_nothing(store) -> None:
    key, plaintext = api_key_create(store=store, name="erp")
    api_key_revoke(key=key)
    assert store_for_api_key(plaintext) is None
    assert store_for_api_key("wasl_not-a-key") is None
    assert store_for_api_key("Bearer something") is None


def test_a_secret_is_encrypted_at_rest_and_read_back(store) -> None:
    secret_set(store=store, key="shopify.webhook_secret", value="shpss_abcdef123456")
    row = IntegrationSecret.objects.get()
    assert "shpss_abcdef123456" not in row.encrypted_value
    assert row.hint == "3456"
    assert secret_get(store=store, key="shopify.webhook_secret") == "shpss_abcdef123456"
    assert secret_get(store=store, key="salla.webhook_secret") is None


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"slug": "Bad Slug"}, "invalid_slug"),
        ({"country": "SAU"}, "invalid_country"),
        ({"currency": "RIYAL"}, "invalid_currency"),
        ({"language": "de"}, "invalid_language"),
        ({"slug": "souq-test"}, "store_exists"),
    ],
)
def test_store_creation_refuses_bad_values_with_a_code(store, fields, code) -> None:
    values = {"name": "X", "slug": "new-one", "country": "SA", "currency": "SAR", "language": "ar", **fields}
    with pytest.raises(WaslError) as caught:
        store_create(**values)
    assert caught.value.code == code


def test_a_short_secret_keeps_no_hint_since_its_last_characters_would_give_it_away(store) -> None:
    secret_set(store=store, key="whatsapp.verify_token", value="verify-me")
    assert IntegrationSecret.objects.get().hint == ""


def test_setting_and_clearing_are_on_the_audit_trail_without_the_value(store, django_user_model) -> None:
    user = django_user_model.objects.create_user(username="amina", password="a long password 1")
    secret_set(store=store, key="sms.auth_token", value="tok-0123456789abcdef", user=user, source="console")
    assert secret_clear(store=store, key="sms.auth_token", actor="wasl store set", source="command") is True
    assert secret_clear(store=store, key="sms.auth_token") is False

    trail = list(
        SettingChange.objects.order_by("id").values_list("key", "action", "user__username", "actor", "source")
    )
    assert trail == [
        ("sms.auth_token", "set", "amina", "amina", "console"),
        ("sms.auth_token", "cleared", None, "wasl store set", "command"),
    ]
    assert not IntegrationSecret.objects.exists()
    assert all("0123456789" not in str(v) for row in SettingChange.objects.values() for v in row.values())
