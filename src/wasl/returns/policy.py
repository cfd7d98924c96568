"""The return policy as data: a JSON document, validated, versioned per store, and read for one customer's tier.

A document (every key optional; missing keys take the defaults in DEFAULT_POLICY):

    {"window_days": 30,                              # from delivery (or placing, when never delivered)
     "category_window_days": {"electronics": 14},    # replaces window_days for that category
     "tier_extra_days": {"gold": 30},                # added to the window for that tier
     "non_returnable_categories": ["underwear"],
     "fee": "15.00", "fee_free_tiers": ["gold"],     # in the order's currency
     "free_pickup_tiers": ["gold", "silver"],
     "auto_approve": {"tiers": ["gold"], "max_value": "500", "reasons": ["wrong_size"]},
     "lenient_inspection_tiers": ["gold"],
     "refund_at_first_scan_tiers": ["gold"],
     "credit_bonus_percent": "10",
     "serial_returner": {"max_returns_90d": 5},      # beyond this: never auto-approved, never refunded early
     "reasons": {"default": [...], "apparel": [...]}}  # reason codes per category
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction

from wasl.core.errors import Invalid
from wasl.returns.models import ReturnPolicy
from wasl.stores.models import Store

DEFAULT_REASONS = ["wrong_size", "not_as_described", "damaged", "wrong_item", "changed_mind", "other"]

DEFAULT_POLICY: dict[str, Any] = {
    "window_days": 30,
    "category_window_days": {},
    "tier_extra_days": {},
    "non_returnable_categories": [],
    "fee": "0",
    "fee_free_tiers": [],
    "free_pickup_tiers": [],
    "auto_approve": {"tiers": [], "max_value": None, "reasons": []},
    "lenient_inspection_tiers": [],
    "refund_at_first_scan_tiers": [],
    "credit_bonus_percent": "0",
    "serial_returner": {"max_returns_90d": None},
    "reasons": {"default": DEFAULT_REASONS},
}

_LIST_KEYS = (
    "non_returnable_categories",
    "fee_free_tiers",
    "free_pickup_tiers",
    "lenient_inspection_tiers",
    "refund_at_first_scan_tiers",
)


def _bad(message: str) -> Invalid:
    return Invalid(message, code="invalid_policy")


def _decimal(value: object, where: str, *, allow_none: bool = False) -> Decimal | None:
    if value is None and allow_none:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _bad(f"{where} must be a decimal number") from None
    if not number.is_finite() or number < 0:
        raise _bad(f"{where} must be a number of at least 0")
    return number


def _days(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3650:
        raise _bad(f"{where} must be a whole number of days from 0 to 3650")
    return value


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad(f"{where} must be a list of names")
    return value


def policy_validate(document: object) -> dict[str, Any]:
    """The document with defaults filled in, or `invalid_policy` naming the first problem."""
    if not isinstance(document, dict):
        raise _bad("a policy is a JSON object")
    unknown = sorted(set(document) - set(DEFAULT_POLICY))
    if unknown:
        raise _bad(f"unknown keys {unknown}")
    doc = copy.deepcopy(DEFAULT_POLICY)
    doc.update(copy.deepcopy(document))
    _days(doc["window_days"], "window_days")
    for key in ("category_window_days", "tier_extra_days"):
        if not isinstance(doc[key], dict):
            raise _bad(f"{key} must be an object of name -> days")
        for name, days in doc[key].items():
            _days(days, f"{key}.{name}")
    for key in _LIST_KEYS:
        _strings(doc[key], key)
    _decimal(doc["fee"], "fee")
    bonus = _decimal(doc["credit_bonus_percent"], "credit_bonus_percent")
    if bonus is not None and bonus > 100:
        raise _bad("credit_bonus_percent must be at most 100")
    auto = doc["auto_approve"]
    if not isinstance(auto, dict) or set(auto) - {"tiers", "max_value", "reasons"}:
        raise _bad("auto_approve takes tiers, max_value and reasons")
    auto = {"tiers": [], "max_value": None, "reasons": [], **auto}
    _strings(auto["tiers"], "auto_approve.tiers")
    _strings(auto["reasons"], "auto_approve.reasons")
    _decimal(auto["max_value"], "auto_approve.max_value", allow_none=True)
    doc["auto_approve"] = auto
    serial = doc["serial_returner"]
    if not isinstance(serial, dict) or set(serial) - {"max_returns_90d"}:
        raise _bad("serial_returner takes max_returns_90d")
    limit = serial.get("max_returns_90d")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise _bad("serial_returner.max_returns_90d must be a whole number or null")
    reasons = doc["reasons"]
    if not isinstance(reasons, dict) or "default" not in reasons:
        raise _bad('reasons must be an object of category -> reason codes, with a "default" list')
    for category, codes in reasons.items():
        _strings(codes, f"reasons.{category}")
    return doc


@dataclass(frozen=True)
class PolicyInForce:
    version: int  # 0: the built-in default, no version saved yet
    document: dict[str, Any]

    def window_days(self, *, tier: str, category: str) -> int:
        base = self.document["category_window_days"].get(category, self.document["window_days"])
        return int(base) + int(self.document["tier_extra_days"].get(tier, 0))

    def reasons_for(self, category: str) -> list[str]:
        reasons = self.document["reasons"]
        return list(reasons.get(category) or reasons["default"])

    def is_returnable(self, category: str) -> bool:
        return category not in self.document["non_returnable_categories"]

    def fee_for(self, tier: str) -> Decimal:
        return Decimal(0) if tier in self.document["fee_free_tiers"] else Decimal(str(self.document["fee"]))

    def tier_in(self, key: str, tier: str) -> bool:
        return bool(tier) and tier in self.document[key]

    @property
    def credit_bonus_percent(self) -> Decimal:
        return Decimal(str(self.document["credit_bonus_percent"]))

    @property
    def serial_limit(self) -> int | None:
        limit = self.document["serial_returner"].get("max_returns_90d")
        return int(limit) if limit is not None else None


def policy_in_force(*, store: Store) -> PolicyInForce:
    latest = ReturnPolicy.objects.filter(store=store).order_by("-version").first()
    if latest is None:
        return PolicyInForce(0, policy_validate({}))
    return PolicyInForce(latest.version, policy_validate(latest.document))


def policy_version_get(*, store: Store, version: int) -> PolicyInForce:
    if version == 0:
        return PolicyInForce(0, policy_validate({}))
    row = ReturnPolicy.objects.filter(store=store, version=version).first()
    if row is None:
        raise _bad(f"no return policy version {version}")
    return PolicyInForce(row.version, policy_validate(row.document))


def policy_publish(*, store: Store, document: object, note: str = "", created_by: str = "") -> ReturnPolicy:
    """Save the document as the store's next version; it is in force for returns asked from now on."""
    policy_validate(document)
    for _attempt in range(3):
        latest = ReturnPolicy.objects.filter(store=store).order_by("-version").first()
        try:
            with transaction.atomic():
                return ReturnPolicy.objects.create(
                    store=store,
                    version=(latest.version if latest else 0) + 1,
                    document=document,
                    note=note[:300],
                    created_by=created_by[:150],
                )
        except IntegrityError:
            continue  # another version was published at the same moment: take the next number
    raise _bad("the policy could not be saved; try again")
