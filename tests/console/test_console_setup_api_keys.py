"""API keys: made with the key shown once (and working), listed by prefix only, revoked (and refused)."""

from __future__ import annotations

import pytest
from console_helpers import member

from wasl.stores.models import ApiKey, SettingChange
from wasl.stores.selectors import store_for_api_key
from wasl.stores.services import api_key_create

pytestmark = pytest.mark.django_db

PAGE = "/console/souq-test/setup/api-keys/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner(client, store):  # type: ignore[no-untyped-def]
    client.force_login(member(store, "omar", role="owner"))
    return client


def trail() -> list[tuple[str, str, str, str]]:
    return list(SettingChange.objects.order_by("id").values_list("key", "action", "actor", "source"))


def test_when_a_key_is_made_then_it_is_shown_once_and_opens_the_api(owner, store) -> None:
    answer = owner.post(PAGE + "new/", {"name": "Shopify plug-in"})

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    plaintext = page.split('<code dir="ltr" class="secret">')[1].split("</code>")[0]
    key = ApiKey.objects.get()
    assert (key.name, key.prefix, plaintext.startswith("wasl_"), len(plaintext)) == (
        "Shopify plug-in",
        plaintext[:12],
        True,
        48,
    )
    assert store_for_api_key(plaintext) == store
    assert trail() == [(f"api_key.{key.prefix}", "set", "omar", "console")]
    listed = owner.get(PAGE).content.decode()
    assert plaintext not in listed
    assert f'<code dir="ltr">{key.prefix}…</code>' in listed


def test_a_key_needs_a_name(owner, store) -> None:
    answer = owner.post(PAGE + "new/", {"name": "  "})

    assert answer.status_code == 400
    assert "This field is required." in answer.content.decode()
    assert (ApiKey.objects.count(), trail()) == (0, [])


def test_a_revoked_key_is_refused_and_revoking_twice_records_once(owner, store) -> None:
    key, plaintext = api_key_create(store=store, name="old")

    first = owner.post(PAGE + f"{key.pk}/revoke/")
    second = owner.post(PAGE + f"{key.pk}/revoke/")

    assert (first.status_code, first["Location"], second.status_code) == (302, PAGE, 302)
    assert store_for_api_key(plaintext) is None
    assert trail() == [(f"api_key.{key.prefix}", "cleared", "omar", "console")]
    assert "Revoked" in owner.get(PAGE).content.decode()


def test_another_stores_key_is_404_and_stays(owner, store, other_store) -> None:
    theirs, plaintext = api_key_create(store=other_store, name="theirs")

    assert owner.post(PAGE + f"{theirs.pk}/revoke/").status_code == 404
    assert store_for_api_key(plaintext) == other_store


def test_agents_get_403_and_managers_of_other_stores_404(client, console, store, other_store) -> None:
    key, plaintext = api_key_create(store=store, name="mine")

    assert console.get(PAGE).status_code == 403
    assert console.post(PAGE + "new/", {"name": "x"}).status_code == 403
    assert console.post(PAGE + f"{key.pk}/revoke/").status_code == 403
    client.force_login(member(other_store, "nour", role="manager"))
    assert client.post(PAGE + f"{key.pk}/revoke/").status_code == 404
    assert (ApiKey.objects.count(), store_for_api_key(plaintext)) == (1, store)
