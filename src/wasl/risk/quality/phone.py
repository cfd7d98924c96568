"""Whether the buyer's phone can be reached for a COD confirmation: valid, mobile, local, not made up, not shared."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from wasl.risk.quality.fastphone import quick_parse, slow_parse
from wasl.risk.quality.text import FOLD
from wasl.risk.quality.types import PhoneHistory, QualityScore, Reason, reason, scored

_SEQUENCES = ("01234567890123", "98765432109876")

W_NO_PHONE = 1.0
W_INVALID = 0.7
W_PLACEHOLDER = 0.5
W_NOT_MOBILE = 0.3
W_FOREIGN = 0.15

R_NO_PHONE = reason("no_phone", W_NO_PHONE)
R_INVALID = reason("invalid_phone", W_INVALID)
R_PLACEHOLDER = reason("placeholder_phone", W_PLACEHOLDER)
R_NOT_MOBILE = reason("not_mobile", W_NOT_MOBILE)


class ParsedPhone(NamedTuple):
    e164: str  # "" when not a valid number
    region: str  # ISO country the number belongs to
    mobile: bool
    placeholder: bool  # the subscriber digits are one digit repeated or a run


def _made_up(national: str) -> bool:
    tail = national[-7:]
    if len(tail) < 7:
        return False
    return tail.count(tail[0]) == len(tail) or any(tail in run for run in _SEQUENCES)


@lru_cache(maxsize=65536)
def parse_phone(raw: str, country: str) -> ParsedPhone:
    """Parsed once per (phone, country), by the quick path when it is sure, else by phonenumbers."""
    text = raw.translate(FOLD).strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    found = quick_parse(text, country) or slow_parse(text, country)
    e164, region, mobile, national = found
    return ParsedPhone(e164, region, mobile, _made_up(national))


def _history_reasons(history: PhoneHistory, facts: dict[str, object]) -> list[Reason]:
    facts.update(
        history_customers=history.customers,
        history_orders=history.orders,
        history_rtos=history.rtos,
        history_delivered=history.delivered,
    )
    found: list[Reason] = []
    if history.rtos:
        rate = history.rtos / max(history.orders, history.rtos)
        weight = min(0.5, 0.15 * history.rtos + 0.2 * rate)
        found.append(
            reason("phone_known_rto", round(weight, 3), rtos=str(history.rtos), orders=str(history.orders))
        )
    if history.customers >= 2:
        weight = min(0.4, 0.1 * (history.customers - 1))
        found.append(reason("phone_shared", round(weight, 3), customers=str(history.customers)))
    return found


def phone_quality(*, phone: str, country: str = "", history: PhoneHistory | None = None) -> QualityScore:
    """Score a buyer's phone from 0.0 (no way to reach them) to 1.0, with every reason in words."""
    country = (country or "").strip().upper()[:2]
    raw = (phone or "").strip()
    facts: dict[str, object] = {"country": country}
    reasons: list[Reason] = []
    if not raw:
        reasons.append(R_NO_PHONE)
        facts.update(e164="", valid=False, mobile=False, phone_country="", placeholder=False)
    else:
        parsed = parse_phone(raw, country)
        facts.update(
            e164=parsed.e164, valid=bool(parsed.e164), mobile=parsed.mobile, phone_country=parsed.region
        )
        facts["placeholder"] = parsed.placeholder
        if parsed.placeholder:
            reasons.append(R_PLACEHOLDER)
        if not parsed.e164:
            reasons.append(R_INVALID)
        else:
            if not parsed.mobile:
                reasons.append(R_NOT_MOBILE)
            if country and parsed.region != country:
                reasons.append(
                    reason("foreign_phone", W_FOREIGN, phone_country=parsed.region, country=country)
                )
    if history is not None:
        reasons.extend(_history_reasons(history, facts))
    return scored(reasons, facts)
