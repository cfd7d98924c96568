"""Staff: members listed by role, invited with a temporary password shown once or added by e-mail, roles
changed, members removed; managers manage agents and managers, only owners touch owners, one owner stays."""

from __future__ import annotations

import pytest
from console_helpers import member
from django.contrib.auth import authenticate, get_user_model

from wasl.stores.models import SettingChange, StoreMember

pytestmark = pytest.mark.django_db

PAGE = "/console/souq-test/setup/staff/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner(store):  # type: ignore[no-untyped-def]
    return member(store, "omar", role="owner")


@pytest.fixture
def as_owner(client, owner):  # type: ignore[no-untyped-def]
    client.force_login(owner)
    return client


@pytest.fixture
def as_manager(client, store, owner):  # type: ignore[no-untyped-def]
    client.force_login(member(store, "mona", role="manager"))
    return client


def roles(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {m.user.username: m.role for m in StoreMember.objects.filter(store=store).select_related("user")}


def trail() -> list[tuple[str, str, str, str]]:
    return list(SettingChange.objects.order_by("id").values_list("key", "action", "actor", "source"))


def membership(store, username: str) -> int:  # type: ignore[no-untyped-def]
    return StoreMember.objects.get(store=store, user__username=username).pk


def test_the_page_lists_members_owners_first(as_owner, store) -> None:
    member(store, "aya", role="agent")
    member(store, "badr", role="manager")

    page = as_owner.get(PAGE).content.decode()

    assert page.index(">omar") < page.index(">badr") < page.index(">aya")


def test_when_someone_is_invited_then_they_sign_in_with_the_password_shown_once(as_owner, store) -> None:
    answer = as_owner.post(
        PAGE + "invite/",
        {"invite-username": "salma", "invite-email": "salma@souq.example", "invite-role": "agent"},
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    password = page.split('<code dir="ltr" class="secret">')[1].split("</code>")[0]
    assert len(password) == 16
    user = authenticate(username="salma", password=password)
    assert user is not None and user.email == "salma@souq.example"
    assert roles(store) == {"omar": "owner", "salma": "agent"}
    assert trail() == [("staff.salma", "set", "omar", "console")]
    assert password not in as_owner.get(PAGE).content.decode()


def test_a_taken_user_name_is_a_form_error(as_owner, store) -> None:
    answer = as_owner.post(PAGE + "invite/", {"invite-username": "OMAR", "invite-role": "agent"})

    assert answer.status_code == 400
    assert "This user name is taken." in answer.content.decode()
    assert trail() == []


def test_an_existing_user_is_added_by_e_mail(as_owner, store, other_store) -> None:
    get_user_model().objects.create_user(username="karim", email="Karim@Example.com", password="x")

    answer = as_owner.post(PAGE + "add/", {"add-email": "karim@example.com", "add-role": "manager"})

    assert (answer.status_code, answer["Location"]) == (302, PAGE)
    assert roles(store) == {"omar": "owner", "karim": "manager"}
    assert trail() == [("staff.karim", "set", "omar", "console")]


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("nobody@example.com", "No active user has this e-mail address. Invite them instead."),
        ("omar@example.com", "This user is already a member of the store."),
        ("not an address", "Enter a valid email address."),
    ],
)
def test_adding_by_e_mail_refuses_unknown_and_existing_members(
    as_owner, store, owner, email: str, error: str
) -> None:
    owner.email = "omar@example.com"
    owner.save()

    answer = as_owner.post(PAGE + "add/", {"add-email": email, "add-role": "agent"})

    assert answer.status_code == 400
    assert error in answer.content.decode()
    assert trail() == []


def test_an_owner_changes_roles_and_the_change_is_recorded(as_owner, store) -> None:
    member(store, "aya", role="agent")

    answer = as_owner.post(
        PAGE + f"{membership(store, 'aya')}/role/", {f"m{membership(store, 'aya')}-role": "owner"}
    )

    assert answer.status_code == 302
    assert roles(store) == {"omar": "owner", "aya": "owner"}
    assert trail() == [("staff.aya", "set", "omar", "console")]


def test_the_last_owner_can_neither_step_down_nor_be_removed(as_owner, store) -> None:
    mine = membership(store, "omar")

    demoted = as_owner.post(PAGE + f"{mine}/role/", {f"m{mine}-role": "manager"})
    removed = as_owner.post(PAGE + f"{mine}/remove/")

    for answer in (demoted, removed):
        assert answer.status_code == 400
        assert "The store needs at least one owner: make someone else owner first." in answer.content.decode()
    assert roles(store) == {"omar": "owner"}
    assert trail() == []


def test_with_two_owners_one_may_leave(as_owner, store) -> None:
    member(store, "hind", role="owner")

    answer = as_owner.post(PAGE + f"{membership(store, 'omar')}/remove/")

    assert (answer.status_code, answer["Location"]) == (302, "/console/")
    assert roles(store) == {"hind": "owner"}
    assert trail() == [("staff.omar", "cleared", "omar", "console")]


def test_a_manager_manages_agents_but_not_owners(as_manager, store) -> None:
    aya = member(store, "aya", role="agent")
    aya_id = membership(store, aya.username)
    omar_id = membership(store, "omar")

    promoted = as_manager.post(PAGE + f"{aya_id}/role/", {f"m{aya_id}-role": "manager"})
    to_owner = as_manager.post(PAGE + f"{aya_id}/role/", {f"m{aya_id}-role": "owner"})
    owner_removed = as_manager.post(PAGE + f"{omar_id}/remove/")
    invited_owner = as_manager.post(PAGE + "invite/", {"invite-username": "zed", "invite-role": "owner"})

    assert promoted.status_code == 302
    for answer in (to_owner, owner_removed, invited_owner):
        assert answer.status_code == 400
        assert "Only an owner can give, change or take away the owner role." in answer.content.decode()
    assert roles(store) == {"omar": "owner", "mona": "manager", "aya": "manager"}
    assert not get_user_model().objects.filter(username="zed").exists()
    assert trail() == [("staff.aya", "set", "mona", "console")]


def test_an_agent_removed_is_gone_from_the_store_but_keeps_their_user(as_owner, store) -> None:
    member(store, "aya", role="agent")

    as_owner.post(PAGE + f"{membership(store, 'aya')}/remove/")

    assert roles(store) == {"omar": "owner"}
    assert get_user_model().objects.filter(username="aya").exists()
    assert trail() == [("staff.aya", "cleared", "omar", "console")]


def test_members_of_another_store_are_404(as_owner, store, other_store) -> None:
    stranger = member(other_store, "nour", role="agent")
    theirs = StoreMember.objects.get(user=stranger).pk

    assert as_owner.post(PAGE + f"{theirs}/role/", {f"m{theirs}-role": "owner"}).status_code == 404
    assert as_owner.post(PAGE + f"{theirs}/remove/").status_code == 404
    assert roles(other_store) == {"nour": "agent"}


def test_agents_get_403_and_other_stores_404(client, console, store, other_store, owner) -> None:
    omar_id = membership(store, "omar")
    assert console.get(PAGE).status_code == 403
    assert console.post(PAGE + "invite/", {"invite-username": "x", "invite-role": "owner"}).status_code == 403
    assert console.post(PAGE + f"{omar_id}/remove/").status_code == 403
    client.force_login(member(other_store, "nour", role="owner"))
    assert client.post(PAGE + f"{omar_id}/remove/").status_code == 404
    assert roles(store) == {"omar": "owner", "agent": "agent"}
