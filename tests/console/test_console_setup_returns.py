"""The returns policy editor and loyalty tiers: every field saved into a new policy version exactly, the
versions kept and put back, tiers replaced as a whole, and mistakes said next to their field."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from console_helpers import member

from wasl.returns.models import LoyaltyTier, ReturnPolicy
from wasl.returns.policy import policy_in_force, policy_publish
from wasl.returns.services import ItemAsked, return_create
from wasl.returns.tiers import TierSpec, loyalty_tiers_set
from wasl.stores.models import SettingChange

pytestmark = pytest.mark.django_db

PAGE = "/console/souq-test/setup/returns/"
POLICY = PAGE + "policy/"
TIERS = PAGE + "tiers/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def manager(client, store):  # type: ignore[no-untyped-def]
    client.force_login(member(store, "mona", role="manager"))
    return client


@pytest.fixture
def tiers(store) -> None:  # type: ignore[no-untyped-def]
    loyalty_tiers_set(
        store=store,
        tiers=[
            TierSpec("gold", 2, min_orders=5, min_spend=Decimal("1000"), max_return_rate=Decimal("0.2")),
            TierSpec("silver", 1, min_orders=2),
        ],
    )


def policy_form(**values: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "window_days": "21",
        "category_window_days": "electronics: 14\nBeauty & care: 7",
        "non_returnable_categories": "underwear\nunderwear\ngift cards",
        "fee": "15.50",
        "credit_bonus_percent": "10",
        "auto_approve_max_value": "500",
        "auto_approve_reasons": ["wrong_size", "damaged"],
        "serial_max_returns_90d": "5",
        "reasons": "default: wrong_size, damaged, other\napparel: wrong_size, changed_mind",
        "extra_days_gold": "30",
        "extra_days_silver": "",
        "fee_free_tiers": ["gold"],
        "free_pickup_tiers": ["gold", "silver"],
        "auto_approve_tiers": ["gold"],
        "lenient_inspection_tiers": ["gold"],
        "refund_at_first_scan_tiers": ["gold"],
        "note": "Shorter window, gold perks",
    }
    fields.update(values)
    return {k: v for k, v in fields.items() if v is not None}


def trail() -> list[tuple[str, str, str, str]]:
    return list(SettingChange.objects.order_by("id").values_list("key", "action", "actor", "source"))


def test_given_no_version_when_the_page_is_read_then_the_built_in_policy_is_shown(manager, store) -> None:
    page = manager.get(PAGE).content.decode()

    assert "The built-in policy is in force: no version saved yet." in page
    assert 'name="window_days" value="30"' in page
    assert "No version saved yet." in page


def test_when_the_policy_is_saved_then_a_new_version_holds_exactly_the_form(manager, store, tiers) -> None:
    answer = manager.post(POLICY, policy_form())

    assert (answer.status_code, answer["Location"]) == (302, PAGE)
    row = ReturnPolicy.objects.get()
    assert (row.version, row.note, row.created_by) == (1, "Shorter window, gold perks", "mona")
    assert row.document == {
        "window_days": 21,
        "category_window_days": {"electronics": 14, "Beauty & care": 7},
        "tier_extra_days": {"gold": 30},
        "non_returnable_categories": ["underwear", "gift cards"],
        "fee": "15.50",
        "fee_free_tiers": ["gold"],
        "free_pickup_tiers": ["gold", "silver"],
        "auto_approve": {"tiers": ["gold"], "max_value": "500", "reasons": ["wrong_size", "damaged"]},
        "lenient_inspection_tiers": ["gold"],
        "refund_at_first_scan_tiers": ["gold"],
        "credit_bonus_percent": "10",
        "serial_returner": {"max_returns_90d": 5},
        "reasons": {"default": ["wrong_size", "damaged", "other"], "apparel": ["wrong_size", "changed_mind"]},
    }
    policy = policy_in_force(store=store)
    assert (policy.version, policy.window_days(tier="gold", category="electronics")) == (1, 44)
    assert (policy.fee_for("gold"), policy.fee_for("silver"), policy.serial_limit) == (
        Decimal(0),
        Decimal("15.50"),
        5,
    )
    assert trail() == [("returns.policy.v1", "set", "mona", "console")]


def test_saving_again_adds_a_version_and_the_page_shows_both(manager, store, tiers) -> None:
    manager.post(POLICY, policy_form())
    manager.post(POLICY, policy_form(window_days="45", auto_approve_any="on", auto_approve_tiers=[], note=""))

    assert list(ReturnPolicy.objects.order_by("version").values_list("version", flat=True)) == [1, 2]
    latest = policy_in_force(store=store)
    assert (latest.version, latest.document["window_days"], latest.document["auto_approve"]["tiers"]) == (
        2,
        45,
        ["*"],
    )
    page = manager.get(PAGE).content.decode()
    assert "Version 2 is in force" in page
    assert "<strong>v1</strong>" in page and "<strong>v2</strong>" in page


def test_an_earlier_version_is_put_back_as_the_newest(manager, store, tiers) -> None:
    manager.post(POLICY, policy_form())
    manager.post(POLICY, policy_form(window_days="45"))

    answer = manager.post(PAGE + "versions/1/restore/")

    assert answer.status_code == 302
    row = ReturnPolicy.objects.get(version=3)
    assert (row.document, row.note) == (ReturnPolicy.objects.get(version=1).document, "Version 1 put back")
    assert manager.post(PAGE + "versions/9/restore/").status_code == 404
    manager.post(PAGE + "versions/0/restore/")
    assert policy_in_force(store=store).document["window_days"] == 30  # the built-in default, as version 4
    assert [key for key, *_ in trail()] == [
        "returns.policy.v1",
        "returns.policy.v2",
        "returns.policy.v3",
        "returns.policy.v4",
    ]


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"window_days": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"window_days": "4000"}, "Ensure this value is less than or equal to 3650."),
        (
            {"category_window_days": "electronics fourteen"},
            "Write each line as category: days (0 to 3650), not electronics fourteen.",
        ),
        ({"fee": "-2"}, "Ensure this value is greater than or equal to 0."),
        ({"credit_bonus_percent": "101"}, "Ensure this value is less than or equal to 100."),
        ({"reasons": "apparel: wrong_size"}, "A default line is needed: default: reason, reason."),
        (
            {"reasons": "default: Wrong Size"},
            "Write each line as category: reason, reason (lower-case letters, digits and _), not default: Wrong Size.",
        ),
        (
            {"reasons": "default: other"},
            "These reasons are no longer in the list of reasons: wrong_size, damaged.",
        ),
        (
            {"fee_free_tiers": ["platinum"]},
            "Select a valid choice. platinum is not one of the available choices.",
        ),
        ({"serial_max_returns_90d": "-3"}, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_policies_are_form_errors_and_no_version_is_made(
    manager, store, tiers, values, error: str
) -> None:
    answer = manager.post(POLICY, policy_form(**values))

    assert answer.status_code == 400
    assert error in answer.content.decode()
    assert (ReturnPolicy.objects.count(), trail()) == (0, [])


def test_tiers_the_store_no_longer_has_are_named_before_saving(manager, store) -> None:
    policy_publish(store=store, document={"fee_free_tiers": ["vip"], "tier_extra_days": {"gold": 3}})

    page = manager.get(PAGE).content.decode()

    assert "This version names tiers the store no longer has: gold, vip. Saving leaves them out." in page


def tier_rows(*rows: dict[str, str], initial: int = 0) -> dict[str, str]:
    data = {
        "tiers-TOTAL_FORMS": str(len(rows)),
        "tiers-INITIAL_FORMS": str(initial),
        "tiers-MIN_NUM_FORMS": "0",
        "tiers-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        data |= {f"tiers-{i}-{k}": v for k, v in row.items()}
    return data


GOLD = {
    "name": "gold",
    "rank": "3",
    "min_orders": "8",
    "min_spend": "2500.50",
    "max_return_rate": "12.5",
    "max_rtos": "0",
}
BRONZE = {
    "name": "bronze",
    "rank": "1",
    "min_orders": "1",
    "min_spend": "0",
    "max_return_rate": "",
    "max_rtos": "",
}
EMPTY = {"name": "", "rank": "", "min_orders": "0", "min_spend": "0", "max_return_rate": "", "max_rtos": ""}


def test_when_tiers_are_saved_then_they_replace_the_old_ones_exactly(manager, store, tiers) -> None:
    answer = manager.post(TIERS, tier_rows(GOLD, BRONZE, EMPTY))

    assert (answer.status_code, answer["Location"]) == (302, PAGE)
    saved = list(
        LoyaltyTier.objects.filter(store=store)
        .order_by("-rank")
        .values_list("name", "rank", "min_orders", "min_spend", "max_return_rate", "max_rtos")
    )
    assert saved == [
        ("gold", 3, 8, Decimal("2500.50"), Decimal("0.1250"), 0),
        ("bronze", 1, 1, Decimal("0.00"), None, None),
    ]
    assert trail() == [("returns.tiers", "set", "mona", "console")]
    page = manager.get(PAGE).content.decode()
    assert 'name="tiers-0-max_return_rate" value="12.5"' in page


def test_a_tier_ticked_for_removal_is_removed(manager, store, tiers) -> None:
    manager.post(TIERS, tier_rows(GOLD, {**BRONZE, "DELETE": "on"}))

    assert list(LoyaltyTier.objects.values_list("name", flat=True)) == ["gold"]


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ((GOLD, {**BRONZE, "name": "gold"}), "Another tier has this name."),
        ((GOLD, {**BRONZE, "rank": "3"}), "Another tier has this rank."),
        (
            ({**GOLD, "name": "gold tier"},),
            "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
        ),
        (({**GOLD, "max_return_rate": "120"},), "Ensure this value is less than or equal to 100."),
        (({**GOLD, "min_spend": "-1"},), "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_tiers_are_form_errors_and_the_old_tiers_stay(manager, store, tiers, rows, error: str) -> None:
    answer = manager.post(TIERS, tier_rows(*rows))

    assert answer.status_code == 400
    assert error in answer.content.decode()
    assert sorted(LoyaltyTier.objects.values_list("name", flat=True)) == ["gold", "silver"]
    assert trail() == []


def test_agents_get_403_and_other_stores_404(client, console, store, other_store, tiers) -> None:
    assert console.post(POLICY, policy_form()).status_code == 403
    assert console.post(TIERS, tier_rows(GOLD)).status_code == 403
    assert console.post(PAGE + "versions/0/restore/").status_code == 403
    client.force_login(member(other_store, "nour", role="owner"))
    assert client.post(POLICY, policy_form()).status_code == 404
    assert client.post(TIERS, tier_rows(GOLD)).status_code == 404
    assert (ReturnPolicy.objects.count(), LoyaltyTier.objects.count()) == (0, 2)


# --- preview on past returns (what `wasl policy replay --returns` prints) ---


def a_past_return(store):  # type: ignore[no-untyped-def]
    """A mug (category home) returned as damaged, five days after delivery, under the built-in policy."""
    tests = str(Path(__file__).resolve().parent.parent / "returns")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    from returns_helpers import delivered_order, line

    order = delivered_order(store, "3001")
    items = [ItemAsked(line(order, "MUG"), 1, "damaged")]
    return return_create(order=order, items=items, resolution="refund", method="dropoff").ret


def test_the_policy_as_typed_is_previewed_on_past_returns_without_saving(manager, store, tiers) -> None:
    mug = a_past_return(store)

    answer = manager.post(POLICY, policy_form(non_returnable_categories="home", action="replay"))

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Returns asked in the last 90 days: 1. Decided otherwise: 1. Nothing was saved." in page
    assert '<th scope="row">Accepted</th><td>1</td><td>0</td>' in page
    assert 'Refused: <code dir="ltr">not_returnable</code> 1' in page
    assert f"* {mug.code} order #3001" in page
    assert "refused (not_returnable)" in page
    assert 'name="non_returnable_categories"' in page and ">\nhome</textarea>" in page
    assert (ReturnPolicy.objects.count(), trail()) == (0, [])


def test_a_kept_version_is_previewed_by_its_link(manager, store, tiers) -> None:
    a_past_return(store)
    manager.post(POLICY, policy_form(window_days="3", fee="0"))

    page = manager.get(PAGE).content.decode()
    assert f'href="{PAGE}versions/1/replay/#replay"' in page
    replayed = manager.get(PAGE + "versions/1/replay/").content.decode()

    assert "Version 1 on past returns" in replayed
    assert '<th scope="row">Accepted</th><td>1</td><td>0</td>' in replayed  # asked 5 days after: beyond 3
    assert "--version 1</code>" in replayed
    assert "Decided otherwise: 0." in manager.get(PAGE + "versions/0/replay/").content.decode()
    assert manager.get(PAGE + "versions/7/replay/").status_code == 404


def test_agents_cannot_preview(console, store) -> None:
    assert console.get(PAGE + "versions/0/replay/").status_code == 403
