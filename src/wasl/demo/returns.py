"""Why delivered parcels come back. Size and fit lead, as every State of Returns survey finds."""

from __future__ import annotations

import random

_FITTED = frozenset({"apparel", "footwear"})
_REASONS = ("size_fit", "not_as_described", "damaged", "wrong_item", "changed_mind")
_FITTED_WEIGHTS = (0.55, 0.18, 0.08, 0.08, 0.11)
_OTHER_WEIGHTS = (0.0, 0.32, 0.26, 0.18, 0.24)

RETURN_REASONS: tuple[str, ...] = _REASONS


def return_reason(rng: random.Random, categories: tuple[str, ...]) -> str:
    fitted = any(category in _FITTED for category in categories)
    return rng.choices(_REASONS, _FITTED_WEIGHTS if fitted else _OTHER_WEIGHTS)[0]
