"""The settings index: every section linked for owners and managers, agents told what is theirs, no other store."""

from __future__ import annotations

import pytest
from console_helpers import member

from wasl.console.views_setup_index import sections
from wasl.stores.models import SettingAction
from wasl.stores.services import setting_change_record

pytestmark = pytest.mark.django_db

PAGE = "/console/souq-test/setup/"
MANAGED = (
    "/console/souq-test/setup/templates/",
    "/console/souq-test/setup/rules/",
    "/console/souq-test/setup/returns/",
    "/console/souq-test/setup/staff/",
    "/console/souq-test/setup/api-keys/",
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_given_a_manager_when_the_index_is_read_then_every_section_is_linked(client, store) -> None:
    client.force_login(member(store, "mona", role="manager"))

    page = client.get(PAGE).content.decode()

    for path in (
        *MANAGED,
        "/console/souq-test/settings/",
        "/console/souq-test/policy/",
        "/console/souq-test/ndr/settings/",
    ):
        assert f'href="{path}"' in page
    assert "Owners and managers only." not in page


def test_given_an_agent_when_the_index_is_read_then_only_their_sections_are_links(console, store) -> None:
    page = console.get(PAGE)

    text = page.content.decode()
    assert page.status_code == 200
    assert 'href="/console/souq-test/settings/"' in text
    for path in MANAGED:
        assert f'href="{path}"' not in text
    managed = [s for s in sections(store) if s.managers_only and s.url]
    assert text.count("Owners and managers only.") == len(managed)
    assert (
        len(managed) >= 5
    )  # texts, rules, returns, staff, keys; branding and carriers when their pages exist
    assert "Changes" not in text


def test_the_index_of_another_store_is_404_and_signed_out_users_go_to_login(
    client, console, store, other_store
) -> None:
    assert console.get("/console/other-shop/setup/").status_code == 404
    client.logout()
    answer = client.get(PAGE)
    assert (answer.status_code, answer["Location"]) == (302, f"/console/login/?next={PAGE}")


def test_the_index_lists_setup_changes_only(client, store) -> None:
    owner = member(store, "omar", role="owner")
    client.force_login(owner)
    setting_change_record(
        store=store, key="rule.order.confirmed", action=SettingAction.SET, user=owner, source="console"
    )
    setting_change_record(
        store=store, key="whatsapp.token", action=SettingAction.SET, user=owner, source="console"
    )

    page = client.get(PAGE).content.decode()

    assert '<td dir="ltr">rule.order.confirmed</td>' in page
    assert '<td dir="ltr">whatsapp.token</td>' not in page


def test_the_console_navigation_links_to_the_index(console, store) -> None:
    assert f'href="{PAGE}"' in console.get("/console/souq-test/").content.decode()


@pytest.mark.parametrize("path", MANAGED)
def test_an_agent_gets_a_403_page_that_says_why(console, store, path: str) -> None:
    answer = console.get(path)

    assert answer.status_code == 403
    assert "Only owners and managers can change this" in answer.content.decode()


@pytest.mark.parametrize("path", MANAGED)
def test_a_manager_of_another_store_gets_404(client, store, other_store, path: str) -> None:
    client.force_login(member(other_store, "nour", role="owner"))

    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("language", "direction", "words"),
    [
        ("ar", "rtl", ("كل الإعدادات", "قواعد الإشعارات", "مفاتيح API")),
        ("fr", "ltr", ("Tous les réglages", "Règles de notification", "Clés d’API")),
    ],
)
def test_the_index_reads_in_arabic_right_to_left_and_in_french(
    client, settings, store, language: str, direction: str, words: tuple[str, ...]
) -> None:
    client.force_login(member(store, "mona", role="manager"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(PAGE).content.decode()

    assert f'<html lang="{language}" dir="{direction}">' in page
    for word in words:
        assert word in page
