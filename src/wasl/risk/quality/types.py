"""What the quality scorers return: a score, the reasons that lowered it, and the facts they saw."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from wasl.risk.quality.messages import render


@dataclass(frozen=True, slots=True)
class Reason:
    code: str  # stable, e.g. "no_building_number"; what code and reports key on
    weight: float  # how much this reason lowered the score
    message: str  # in English words; `text(language)` gives the same reason in ar/fr/en
    params: tuple[tuple[str, str], ...] = ()  # values the message mentions, e.g. (("country", "IN"),)

    def text(self, language: str = "en") -> str:
        """The reason in Arabic, French or English (anything else falls back to English)."""
        return render(self.code, language, dict(self.params))


@dataclass(frozen=True, slots=True)
class QualityScore:
    score: float  # 0.0 worst .. 1.0 best
    reasons: tuple[Reason, ...] = ()  # most important first
    facts: dict[str, object] = field(default_factory=dict)

    def texts(self, language: str = "en") -> list[str]:
        return [reason.text(language) for reason in self.reasons]


@dataclass(frozen=True, slots=True)
class AddressHistory:
    """What the store has seen at one address fingerprint, across all its customers."""

    orders: int = 0
    customers: int = 0
    rtos: int = 0
    delivered: int = 0


@dataclass(frozen=True, slots=True)
class PhoneHistory:
    """What the store has seen of one phone number, across all customers who gave it."""

    customers: int = 0
    orders: int = 0
    rtos: int = 0
    delivered: int = 0


def reason(code: str, weight: float, **params: str) -> Reason:
    return _reason(code, weight, tuple(params.items()))


@lru_cache(maxsize=16384)
def _reason(code: str, weight: float, params: tuple[tuple[str, str], ...]) -> Reason:
    # Reasons are immutable and few distinct ones occur, so each is built and worded once.
    return Reason(code=code, weight=weight, message=render(code, "en", dict(params)), params=params)


def scored(reasons: list[Reason], facts: dict[str, object]) -> QualityScore:
    """1.0 minus the reasons' weights, kept within 0..1; reasons heaviest first (stable for equal weights)."""
    reasons.sort(key=_by_weight)
    total = 0.0
    for item in reasons:
        total += item.weight
    score = 1.0 - total
    score = 0.0 if score < 0.0 else round(score, 4)
    return QualityScore(score=score, reasons=tuple(reasons), facts=facts)


def _by_weight(item: Reason) -> float:
    return -item.weight
