"""The return policy as versioned data: validation codes, defaults, versions kept per return."""

from __future__ import annotations

import pytest
from returns_helpers import delivered_order, line

from wasl.core.errors import WaslError
from wasl.returns.models import ReturnPolicy
from wasl.returns.policy import policy_in_force, policy_publish, policy_validate, policy_version_get
from wasl.returns.services import ItemAsked, return_create

pytestmark = pytest.mark.django_db


def test_without_a_saved_version_the_default_is_in_force(store) -> None:
    policy = policy_in_force(store=store)

    assert (policy.version, policy.window_days(tier="", category="apparel")) == (0, 30)
    assert policy.reasons_for("apparel") == [
        "wrong_size",
        "not_as_described",
        "damaged",
        "wrong_item",
        "changed_mind",
        "other",
    ]


def test_versions_count_up_and_the_old_ones_stay(store) -> None:
    first = policy_publish(store=store, document={"window_days": 14}, created_by="owner")
    second = policy_publish(store=store, document={"window_days": 45, "tier_extra_days": {"gold": 15}})

    assert (first.version, second.version) == (1, 2)
    assert policy_in_force(store=store).window_days(tier="gold", category="x") == 60
    assert policy_version_get(store=store, version=1).window_days(tier="gold", category="x") == 14
    assert ReturnPolicy.objects.count() == 2


def test_a_return_keeps_the_version_it_was_asked_under(store) -> None:
    policy_publish(store=store, document={"window_days": 20})
    order = delivered_order(store)
    ret = return_create(
        order=order, items=[ItemAsked(line(order, "MUG"), 1, "damaged")], resolution="refund", method="label"
    ).ret
    policy_publish(store=store, document={"window_days": 2})

    ret.refresh_from_db()
    assert ret.policy_version == 1


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"window": 30},
        {"window_days": -1},
        {"window_days": "30"},
        {"category_window_days": {"home": 1.5}},
        {"non_returnable_categories": "socks"},
        {"fee": "ten"},
        {"fee": "-1"},
        {"credit_bonus_percent": "150"},
        {"auto_approve": {"tiers": ["gold"], "when": "always"}},
        {"auto_approve": {"max_value": "x"}},
        {"serial_returner": {"max_returns_90d": -2}},
        {"reasons": {"apparel": ["wrong_size"]}},
    ],
)
def test_invalid_documents_are_refused_with_one_code(document: object) -> None:
    with pytest.raises(WaslError) as caught:
        policy_validate(document)
    assert caught.value.code == "invalid_policy"


def test_serial_returners_are_never_auto_approved(store) -> None:
    policy_publish(
        store=store, document={"auto_approve": {"tiers": ["*"]}, "serial_returner": {"max_returns_90d": 1}}
    )
    order = delivered_order(store)

    first = return_create(
        order=order, items=[ItemAsked(line(order, "MUG"), 1, "damaged")], resolution="refund", method="label"
    ).ret
    second = return_create(
        order=order,
        items=[ItemAsked(line(order, "TSHIRT-M"), 1, "damaged")],
        resolution="refund",
        method="label",
    ).ret

    assert (first.state, second.state) == ("approved", "requested")
    assert second.events.get(kind="created").data["serial_returner"] is True
