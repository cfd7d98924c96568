"""A store's RTO prevention policy as data: which orders get which actions, checked against a JSON Schema.

A policy is a JSON document:

    {"holdout": {"share": 0.1},
     "rules": [
        {"name": "Prepaid ships", "when": {"payment_method": ["prepaid"]}, "actions": [{"type": "approve"}]},
        {"name": "Risky COD", "when": {"band": ["high"], "payment_method": ["cod"]},
         "actions": [{"type": "cod_confirmation", "cancel_after_hours": 24, "reminders_after_hours": [4, 20]},
                     {"type": "prepaid_nudge", "provider": "stripe", "discount_percent": 5}]}]}

Rules are read in order and the first whose `when` holds decides (every condition of a `when` must hold; an
empty `when` matches every order). An order no rule matches is approved. `holdout.share` of the orders a
rule would act on (unless the rule says `"holdout": false`) get nothing, so the actions' effect is measured.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from wasl.core.errors import Invalid

APPROVE = "approve"
COD_CONFIRMATION = "cod_confirmation"
ADDRESS_VERIFICATION = "address_verification"
DELIVERY_SLOT = "delivery_slot"
PREPAID_NUDGE = "prepaid_nudge"
HOLD = "hold"
ACTION_TYPES = (APPROVE, COD_CONFIRMATION, ADDRESS_VERIFICATION, DELIVERY_SLOT, PREPAID_NUDGE, HOLD)
# Actions that ask the buyer something: each is one OrderVerification, carried out in the rule's order.
BUYER_ACTIONS = (COD_CONFIRMATION, ADDRESS_VERIFICATION, DELIVERY_SLOT, PREPAID_NUDGE)
ON_NO_ANSWER = ("cancel", "hold", "approve")
MAX_HOLDOUT_SHARE = 0.5

_HOURS = {"type": "number", "exclusiveMinimum": 0, "maximum": 720}
_REMINDERS = {"type": "array", "items": _HOURS, "maxItems": 5}
_SLOT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "from", "to"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,19}$"},
        "from": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "to": {"type": "string", "pattern": "^([01][0-9]|2[0-4]):[0-5][0-9]$"},
    },
}


def _action(type_: str, **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["type"],
        "properties": {"type": {"const": type_}, **properties},
    }


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Wasl RTO prevention policy",
    "type": "object",
    "additionalProperties": False,
    "required": ["rules"],
    "properties": {
        "name": {"type": "string", "maxLength": 200},
        "description": {"type": "string", "maxLength": 2000},
        "holdout": {
            "type": "object",
            "additionalProperties": False,
            "required": ["share"],
            "properties": {"share": {"type": "number", "minimum": 0, "maximum": MAX_HOLDOUT_SHARE}},
        },
        "rules": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "actions"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "holdout": {"type": "boolean"},
                    "when": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "band": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"enum": ["low", "medium", "high"]},
                            },
                            "payment_method": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"enum": ["cod", "prepaid"]},
                            },
                            "score_at_least": {"type": "number", "minimum": 0, "maximum": 1},
                            "score_below": {"type": "number", "minimum": 0, "maximum": 1},
                            "order_value_at_least": {"type": "number", "minimum": 0},
                            "order_value_below": {"type": "number", "minimum": 0},
                            "first_order": {"type": "boolean"},
                            "address_score_below": {"type": "number", "minimum": 0, "maximum": 1},
                            "phone_score_below": {"type": "number", "minimum": 0, "maximum": 1},
                            "country": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"type": "string", "pattern": "^[A-Z]{2}$"},
                            },
                            "city": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"type": "string", "minLength": 1, "maxLength": 120},
                            },
                        },
                    },
                    "actions": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 6,
                        "items": {
                            "oneOf": [
                                _action(APPROVE),
                                _action(
                                    COD_CONFIRMATION,
                                    reminders_after_hours=_REMINDERS,
                                    cancel_after_hours=_HOURS,
                                    on_no_answer={"enum": list(ON_NO_ANSWER)},
                                ),
                                _action(
                                    ADDRESS_VERIFICATION,
                                    reminders_after_hours=_REMINDERS,
                                    expire_after_hours=_HOURS,
                                    on_no_answer={"enum": list(ON_NO_ANSWER)},
                                ),
                                _action(
                                    DELIVERY_SLOT,
                                    days={"type": "integer", "minimum": 1, "maximum": 7},
                                    slots={"type": "array", "minItems": 1, "maxItems": 3, "items": _SLOT},
                                    expire_after_hours=_HOURS,
                                ),
                                _action(
                                    PREPAID_NUDGE,
                                    provider={"enum": ["stripe", "razorpay"]},
                                    discount_percent={"type": "number", "minimum": 0, "maximum": 50},
                                    expire_after_hours=_HOURS,
                                ),
                                _action(HOLD, reason={"type": "string", "maxLength": 300}),
                            ]
                        },
                    },
                },
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(SCHEMA)

DEFAULT_SLOTS = (
    {"id": "morning", "from": "09:00", "to": "13:00"},
    {"id": "afternoon", "from": "13:00", "to": "17:00"},
    {"id": "evening", "from": "17:00", "to": "21:00"},
)
# What each buyer action does when the policy leaves a parameter out.
ACTION_DEFAULTS: dict[str, dict[str, Any]] = {
    APPROVE: {},
    COD_CONFIRMATION: {"reminders_after_hours": [4, 20], "cancel_after_hours": 24, "on_no_answer": "cancel"},
    ADDRESS_VERIFICATION: {"reminders_after_hours": [6], "expire_after_hours": 24, "on_no_answer": "hold"},
    DELIVERY_SLOT: {"days": 3, "slots": [dict(s) for s in DEFAULT_SLOTS], "expire_after_hours": 24},
    PREPAID_NUDGE: {"provider": "stripe", "discount_percent": 0, "expire_after_hours": 24},
    HOLD: {"reason": ""},
}

# A sensible start for a COD shop: confirm what is risky, check poor addresses, offer prepayment to the
# riskiest, let the rest ship, and keep a tenth of the acted-on orders untouched to measure the effect.
DEFAULT_POLICY: dict[str, Any] = {
    "name": "Default",
    "description": "Confirm risky cash-on-delivery orders on WhatsApp, check poor addresses, offer the "
    "riskiest buyers to pay online; everything else ships.",
    "holdout": {"share": 0.1},
    "rules": [
        {"name": "Paid orders ship", "when": {"payment_method": ["prepaid"]}, "actions": [{"type": APPROVE}]},
        {
            "name": "High risk: confirm, offer prepayment",
            "when": {"band": ["high"], "payment_method": ["cod"]},
            "actions": [
                {"type": COD_CONFIRMATION, "reminders_after_hours": [4, 20], "cancel_after_hours": 24},
                {"type": PREPAID_NUDGE, "provider": "stripe", "discount_percent": 5},
            ],
        },
        {
            "name": "Poor address: ask the buyer",
            "when": {"payment_method": ["cod"], "address_score_below": 0.5},
            "actions": [{"type": ADDRESS_VERIFICATION}],
        },
        {
            "name": "Medium risk: confirm",
            "when": {"band": ["medium"], "payment_method": ["cod"]},
            "actions": [{"type": COD_CONFIRMATION}],
        },
        {"name": "Everything else ships", "when": {}, "actions": [{"type": APPROVE}]},
    ],
}


@dataclass(frozen=True)
class Action:
    type: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, **self.params}


@dataclass(frozen=True)
class Rule:
    index: int
    name: str
    when: dict[str, Any]
    actions: tuple[Action, ...]
    holdout: bool = True

    @property
    def intervenes(self) -> bool:
        """It does something beyond letting the order ship."""
        return any(action.type != APPROVE for action in self.actions)


@dataclass(frozen=True)
class Policy:
    document: dict[str, Any]
    rules: tuple[Rule, ...]
    holdout_share: float


@dataclass(frozen=True)
class OrderFacts:
    """What a rule may look at. `score` and `band` come from the order's risk score."""

    band: str
    score: float
    payment_method: str
    total: Decimal
    first_order: bool
    address_score: float
    phone_score: float
    country: str
    city: str


NO_RULE = Rule(index=-1, name="", when={}, actions=(Action(APPROVE),), holdout=False)


def policy_validate(document: Any) -> Policy:
    """The policy in `document`, or Invalid (code `invalid_policy`) listing every problem with its own code."""
    problems = [_problem(error) for error in _VALIDATOR.iter_errors(document)]
    if not problems:
        problems = _semantic_problems(document)
    if problems:
        problems.sort(key=lambda p: (p["path"], p["code"]))
        first = problems[0]
        raise Invalid(
            f"the policy is not valid: {first['path'] or 'document'}: {first['message']}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            code="invalid_policy",
            details=problems,
        )
    return _parse(document)


def _problem(error: ValidationError) -> dict[str, str]:
    path = "/".join(str(part) for part in error.absolute_path)
    code = {
        "required": "missing_field",
        "additionalProperties": "unknown_field",
        "enum": "not_allowed",
        "const": "not_allowed",
        "type": "wrong_type",
        "oneOf": "unknown_action",
        "minimum": "out_of_range",
        "maximum": "out_of_range",
        "exclusiveMinimum": "out_of_range",
        "minItems": "too_few",
        "maxItems": "too_many",
        "minLength": "too_short",
        "maxLength": "too_long",
        "pattern": "bad_format",
    }.get(str(error.validator), "invalid")
    message = error.message
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        kind = error.instance.get("type")
        if kind in ACTION_TYPES:  # a known action with a wrong parameter: say which
            best = [e for e in error.context or () if e.instance is error.instance or e.absolute_path]
            detail = next((e for e in best if e.validator != "const"), None)
            code = "invalid_action"
            message = f"{kind}: {detail.message if detail else message}"
        else:
            message = f"unknown action {kind!r}; one of {', '.join(ACTION_TYPES)}"
    return {"path": path, "code": code, "message": message[:300]}


def _semantic_problems(document: dict[str, Any]) -> list[dict[str, str]]:
    """What a schema cannot say: bounds in the right order, each action at most once per rule."""
    problems: list[dict[str, str]] = []
    for i, rule in enumerate(document["rules"]):
        when = rule.get("when", {})
        for low, high in (("score_at_least", "score_below"), ("order_value_at_least", "order_value_below")):
            if low in when and high in when and when[low] >= when[high]:
                problems.append(
                    {
                        "path": f"rules/{i}/when",
                        "code": "empty_range",
                        "message": f"{low} must be below {high}",
                    }
                )
        kinds = [action["type"] for action in rule["actions"]]
        for kind in sorted({k for k in kinds if kinds.count(k) > 1}):
            problems.append(
                {
                    "path": f"rules/{i}/actions",
                    "code": "duplicate_action",
                    "message": f"{kind} appears more than once",
                }
            )
        if APPROVE in kinds and len(kinds) > 1:
            problems.append(
                {
                    "path": f"rules/{i}/actions",
                    "code": "approve_with_others",
                    "message": "approve means no action; it cannot be combined with others",
                }
            )
        for j, action in enumerate(rule["actions"]):
            reminders = action.get("reminders_after_hours", [])
            limit = action.get("cancel_after_hours") or action.get("expire_after_hours")
            if reminders != sorted(reminders) or len(set(reminders)) != len(reminders):
                problems.append(
                    {
                        "path": f"rules/{i}/actions/{j}/reminders_after_hours",
                        "code": "reminders_out_of_order",
                        "message": "reminders must be in increasing order",
                    }
                )
            if limit is not None and any(hours >= limit for hours in reminders):
                problems.append(
                    {
                        "path": f"rules/{i}/actions/{j}/reminders_after_hours",
                        "code": "reminder_after_deadline",
                        "message": "every reminder must come before the deadline",
                    }
                )
            for k, slot in enumerate(action.get("slots", [])):
                if slot["from"] >= slot["to"]:
                    problems.append(
                        {
                            "path": f"rules/{i}/actions/{j}/slots/{k}",
                            "code": "empty_range",
                            "message": "a slot must end after it starts",
                        }
                    )
    return problems


def _parse(document: dict[str, Any]) -> Policy:
    rules = tuple(
        Rule(
            index=i,
            name=raw["name"],
            when=dict(raw.get("when", {})),
            actions=tuple(
                Action(
                    a["type"], {**ACTION_DEFAULTS[a["type"]], **{k: v for k, v in a.items() if k != "type"}}
                )
                for a in raw["actions"]
            ),
            holdout=raw.get("holdout", True),
        )
        for i, raw in enumerate(document["rules"])
    )
    share = float(document.get("holdout", {}).get("share", 0))
    return Policy(document=document, rules=rules, holdout_share=share)


def fold(text: str) -> str:
    """Case, accents and spacing off, so 'Fès', 'FES ' and 'fes' are one city."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def rule_matches(when: Mapping[str, Any], facts: OrderFacts) -> bool:
    """Every condition of `when` holds for these facts."""
    checks = {
        "band": lambda v: facts.band in v,
        "payment_method": lambda v: facts.payment_method in v,
        "score_at_least": lambda v: facts.score >= v,
        "score_below": lambda v: facts.score < v,
        "order_value_at_least": lambda v: facts.total >= Decimal(str(v)),
        "order_value_below": lambda v: facts.total < Decimal(str(v)),
        "first_order": lambda v: facts.first_order is v,
        "address_score_below": lambda v: facts.address_score < v,
        "phone_score_below": lambda v: facts.phone_score < v,
        "country": lambda v: facts.country.upper() in v,
        "city": lambda v: fold(facts.city) in {fold(c) for c in v},
    }
    return all(checks[name](value) for name, value in when.items())


def rule_for(policy: Policy, facts: OrderFacts) -> Rule:
    """The first rule that matches, or NO_RULE (approve) when none does."""
    return next((rule for rule in policy.rules if rule_matches(rule.when, facts)), NO_RULE)
