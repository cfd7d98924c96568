"""Console branding page: the store's logo, colour, default language and support contacts, with the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from wasl.core.errors import Invalid
from wasl.portal.branding import portal_store, store_branding_update
from wasl.stores.models import SettingChange, Store

VALID = {
    "logo_url": "https://souq.example/logo.png",
    "primary_color": "#1D4ED8",
    "language": "fr",
    "support_phone": "0501234567",
    "support_email": "help@souq.example",
}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def test_page_shows_current_branding(console, store) -> None:  # type: ignore[no-untyped-def]
    response = console.get("/console/souq-test/branding/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="#0f766e"' in body
    assert 'href="/console/souq-test/branding/" aria-current="page"' in body


def test_saving_stores_values_and_writes_the_audit_trail(
    console, store, agent, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # given the page before the change was seen by a buyer page (store cached)
    assert portal_store(slug="souq-test").primary_color == "#0f766e"  # type: ignore[union-attr]
    # when staff save a new branding
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post("/console/souq-test/branding/", VALID)
    # then the values are stored (phone in E.164, colour lower-case), each change is on the trail
    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.logo_url, store.primary_color, store.language) == (
        "https://souq.example/logo.png",
        "#1d4ed8",
        "fr",
    )
    assert (store.support_phone, store.support_email) == ("+966501234567", "help@souq.example")
    trail = sorted(SettingChange.objects.filter(store=store).values_list("key", "action", "actor", "source"))
    assert trail == [
        ("branding.language", "set", agent.username, "console"),
        ("branding.logo_url", "set", agent.username, "console"),
        ("branding.primary_color", "set", agent.username, "console"),
        ("branding.support_email", "set", agent.username, "console"),
        ("branding.support_phone", "set", agent.username, "console"),
    ]
    # and buyer pages of this process see it at once
    assert portal_store(slug="souq-test").primary_color == "#1d4ed8"  # type: ignore[union-attr]


def test_saving_the_same_values_changes_nothing(console, store) -> None:  # type: ignore[no-untyped-def]
    console.post("/console/souq-test/branding/", VALID)
    console.post("/console/souq-test/branding/", VALID)
    assert SettingChange.objects.filter(store=store).count() == 5


def test_clearing_a_value_is_recorded_as_cleared(console, store) -> None:  # type: ignore[no-untyped-def]
    console.post("/console/souq-test/branding/", VALID)
    console.post("/console/souq-test/branding/", {**VALID, "support_email": ""})
    latest = SettingChange.objects.filter(store=store).order_by("-id").first()
    assert (latest.key, latest.action) == ("branding.support_email", "cleared")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("primary_color", "blue", "A colour like #0f766e."),
        ("logo_url", "http://souq.example/logo.png", "Use an https:// address"),
        ("logo_url", "not a url", "Enter a valid URL."),
        ("support_phone", "12", "This is not a phone number we can read."),
        ("support_email", "help@", "Enter a valid email address."),
        ("language", "de", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(console, store, field, value, error) -> None:  # type: ignore[no-untyped-def]
    response = console.post("/console/souq-test/branding/", {**VALID, field: value})
    assert response.status_code == 400
    assert error in response.content.decode()
    store.refresh_from_db()
    assert store.primary_color == "#0f766e"
    assert not SettingChange.objects.filter(store=store).exists()


def test_staff_of_another_store_cannot_see_or_change_it(client, store, other_store) -> None:  # type: ignore[no-untyped-def]
    from console_helpers import member

    client.force_login(member(other_store))
    assert client.get("/console/souq-test/branding/").status_code == 404
    assert client.post("/console/souq-test/branding/", VALID).status_code == 404
    assert Store.objects.get(pk=store.pk).primary_color == "#0f766e"


def test_service_refuses_values_the_pages_cannot_use(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid) as raised:
        store_branding_update(store=store, values={"primary_color": "red"}, actor="script", source="command")
    assert raised.value.code == "invalid_branding"
    assert list(raised.value.details) == ["primary_color"]
    store.refresh_from_db()
    assert store.primary_color == "#0f766e"
    assert not SettingChange.objects.filter(store=store).exists()
