"""Policies as data: validation errors with codes, rule matching, the holdout draw, and uplift intervals."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from wasl.core.errors import Invalid
from wasl.risk.holdout import Outcome, holdout_draw, newcombe, uplift_of, wilson
from wasl.risk.policy import DEFAULT_POLICY, OrderFacts, policy_validate, rule_for, rule_matches


def facts(**changes: Any) -> OrderFacts:
    values: dict[str, Any] = {
        "band": "medium",
        "score": 0.2,
        "payment_method": "cod",
        "total": Decimal("249.50"),
        "first_order": True,
        "address_score": 0.9,
        "phone_score": 1.0,
        "country": "SA",
        "city": "Riyadh",
    }
    values.update(changes)
    return OrderFacts(**values)


def problems(document: Any) -> list[tuple[str, str]]:
    with pytest.raises(Invalid) as caught:
        policy_validate(document)
    assert caught.value.code == "invalid_policy"
    return [(p["path"], p["code"]) for p in caught.value.details]


# --- validation ------------------------------------------------------------------------------------------


def test_the_default_policy_is_valid() -> None:
    policy = policy_validate(copy.deepcopy(DEFAULT_POLICY))
    assert policy.holdout_share == 0.1
    assert policy.rules[0].name == "Paid orders ship"
    cod = policy.rules[1].actions[0]
    assert cod.params == {
        "reminders_after_hours": [4, 20],
        "cancel_after_hours": 24,
        "on_no_answer": "cancel",
    }


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], [("", "wrong_type")]),
        ({}, [("", "missing_field")]),
        ({"rules": [], "colour": "red"}, [("", "unknown_field")]),
        ({"rules": [{"name": "x"}]}, [("rules/0", "missing_field")]),
        (
            {"rules": [{"name": "x", "actions": [{"type": "teleport"}]}]},
            [("rules/0/actions/0", "unknown_action")],
        ),
        (
            {"rules": [{"name": "x", "actions": [{"type": "cod_confirmation", "cancel_after_hours": -1}]}]},
            [("rules/0/actions/0", "invalid_action")],
        ),
        (
            {"rules": [{"name": "x", "when": {"band": ["extreme"]}, "actions": [{"type": "approve"}]}]},
            [("rules/0/when/band/0", "not_allowed")],
        ),
        ({"holdout": {"share": 0.9}, "rules": []}, [("holdout/share", "out_of_range")]),
        (
            {"rules": [{"name": "x", "when": {"country": ["sa"]}, "actions": [{"type": "approve"}]}]},
            [("rules/0/when/country/0", "bad_format")],
        ),
        (
            {
                "rules": [
                    {
                        "name": "x",
                        "when": {"score_at_least": 0.5, "score_below": 0.2},
                        "actions": [{"type": "approve"}],
                    }
                ]
            },
            [("rules/0/when", "empty_range")],
        ),
        (
            {"rules": [{"name": "x", "actions": [{"type": "hold"}, {"type": "hold"}]}]},
            [("rules/0/actions", "duplicate_action")],
        ),
        (
            {"rules": [{"name": "x", "actions": [{"type": "approve"}, {"type": "hold"}]}]},
            [("rules/0/actions", "approve_with_others")],
        ),
        (
            {
                "rules": [
                    {"name": "x", "actions": [{"type": "cod_confirmation", "reminders_after_hours": [5, 2]}]}
                ]
            },
            [("rules/0/actions/0/reminders_after_hours", "reminders_out_of_order")],
        ),
        (
            {
                "rules": [
                    {
                        "name": "x",
                        "actions": [
                            {
                                "type": "cod_confirmation",
                                "reminders_after_hours": [30],
                                "cancel_after_hours": 24,
                            }
                        ],
                    }
                ]
            },
            [("rules/0/actions/0/reminders_after_hours", "reminder_after_deadline")],
        ),
        (
            {
                "rules": [
                    {
                        "name": "x",
                        "actions": [
                            {"type": "delivery_slot", "slots": [{"id": "am", "from": "12:00", "to": "09:00"}]}
                        ],
                    }
                ]
            },
            [("rules/0/actions/0/slots/0", "empty_range")],
        ),
    ],
)
def test_every_problem_has_a_path_and_a_code(document: Any, expected: list[tuple[str, str]]) -> None:
    assert problems(document) == expected


def test_the_message_names_the_first_problem_and_counts_the_rest() -> None:
    with pytest.raises(Invalid) as caught:
        policy_validate({"rules": [{"name": ""}], "extra": 1})
    assert caught.value.message.startswith("the policy is not valid: ")
    assert caught.value.message.endswith("(and 2 more)")


# --- matching --------------------------------------------------------------------------------------------

RULES = {
    "rules": [
        {"name": "paid", "when": {"payment_method": ["prepaid"]}, "actions": [{"type": "approve"}]},
        {
            "name": "big first COD",
            "when": {"payment_method": ["cod"], "first_order": True, "order_value_at_least": 500},
            "actions": [{"type": "hold", "reason": "big first order"}],
        },
        {
            "name": "bad address",
            "when": {"address_score_below": 0.5},
            "actions": [{"type": "address_verification"}],
        },
        {"name": "bad phone", "when": {"phone_score_below": 0.5}, "actions": [{"type": "hold"}]},
        {"name": "Fès", "when": {"country": ["MA"], "city": ["Fès"]}, "actions": [{"type": "delivery_slot"}]},
        {
            "name": "risky",
            "when": {"band": ["high"], "score_at_least": 0.5, "score_below": 0.9},
            "actions": [{"type": "cod_confirmation"}],
        },
    ]
}


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"payment_method": "prepaid", "band": "high", "score": 0.7}, "paid"),
        ({"total": Decimal("500")}, "big first COD"),
        ({"total": Decimal("499.99")}, ""),
        ({"total": Decimal("900"), "first_order": False}, ""),
        ({"address_score": 0.49}, "bad address"),
        ({"address_score": 0.5}, ""),
        ({"phone_score": 0.3}, "bad phone"),
        ({"country": "MA", "city": "  FES "}, "Fès"),
        ({"country": "DZ", "city": "Fès"}, ""),
        ({"band": "high", "score": 0.5}, "risky"),
        ({"band": "high", "score": 0.9}, ""),
        ({"band": "medium", "score": 0.6}, ""),
    ],
)
def test_the_first_matching_rule_decides(changes: dict[str, Any], rule: str) -> None:
    policy = policy_validate(RULES)
    found = rule_for(policy, facts(**changes))
    assert found.name == rule
    if not rule:
        assert (found.index, [a.type for a in found.actions]) == (-1, ["approve"])


def test_an_empty_when_matches_everything() -> None:
    assert rule_matches({}, facts())


# --- holdout ---------------------------------------------------------------------------------------------


def test_the_draw_is_fixed_by_the_secret_and_the_order() -> None:
    assert holdout_draw("s3cret", "1042") == holdout_draw("s3cret", "1042")
    assert holdout_draw("s3cret", "1042") != holdout_draw("other", "1042")
    assert all(0 <= holdout_draw("s3cret", str(n)) < 1 for n in range(1000))


def test_the_share_held_out_is_the_policys_share() -> None:
    draws = [holdout_draw("store-secret", str(n)) for n in range(20_000)]
    held = sum(d < 0.1 for d in draws)
    # Binomial(20000, 0.1): the standard deviation is 42; four of them either side
    assert 1832 <= held <= 2168


# --- uplift ----------------------------------------------------------------------------------------------


def test_wilson_and_newcombe_match_the_published_examples() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873-890: 81/263; 56/70 - 48/80; 9/10 - 3/10 (method 10)
    single = wilson(81, 263)
    assert (round(single.low, 4), round(single.high, 4)) == (0.2553, 0.3662)
    a = newcombe(56, 70, 48, 80)
    assert (round(a.low, 4), round(a.high, 4)) == (0.0524, 0.3339)
    b = newcombe(9, 10, 3, 10)
    assert (round(b.low, 4), round(b.high, 4)) == (0.1705, 0.8090)
    assert wilson(0, 0).low == 0.0 and wilson(0, 0).high == 1.0


def test_uplift_per_action_on_a_hand_built_history() -> None:
    cod = ("cod_confirmation",)
    both = ("cod_confirmation", "prepaid_nudge")
    outcomes = (
        # treated with the COD confirmation: 100 settled, 10 RTO (5 of them with the prepaid offer too)
        [Outcome(cod, False, "rto")] * 5
        + [Outcome(both, False, "rto")] * 5
        + [Outcome(cod, False, "delivered")] * 70
        + [Outcome(cod, False, "cancelled")] * 20
        + [Outcome(cod, False, "pending")] * 3
        # held out: 100 settled, 20 RTO
        + [Outcome(cod, True, "rto")] * 20
        + [Outcome(cod, True, "delivered")] * 80
        + [Outcome(cod, True, "shipped")] * 2
    )
    [confirmation, nudge] = uplift_of(outcomes)
    assert (confirmation.action, confirmation.treated, confirmation.treated_rto) == (
        "cod_confirmation",
        100,
        10,
    )
    assert (confirmation.holdout, confirmation.holdout_rto) == (100, 20)
    assert (confirmation.open_treated, confirmation.open_holdout) == (3, 2)
    assert confirmation.difference == pytest.approx(-0.10)
    interval = confirmation.interval
    assert interval is not None
    assert (round(interval.low, 6), round(interval.high, 6)) == (-0.199474, -0.000149)
    assert confirmation.significant
    assert (nudge.action, nudge.treated, nudge.treated_rto, nudge.holdout) == ("prepaid_nudge", 5, 5, 0)
    assert nudge.interval is None and nudge.difference is None and not nudge.significant
