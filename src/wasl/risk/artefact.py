"""The fitted model as one object: how it turns features into columns, the forest, and its calibration.

It is stored in the database as joblib bytes with a SHA-256 checksum that is checked before loading.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import joblib
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier

from wasl.risk.explain import Forest
from wasl.risk.features import NUMERIC, Features

# Reason groups in a fixed order: the numeric features' groups, then what the design adds.
GROUPS: tuple[str, ...] = (
    *dict.fromkeys(group for _, group in NUMERIC),
    "city",
    "postal",
    "channel",
    "category",
)
GROUP_INDEX = {group: i for i, group in enumerate(GROUPS)}


@dataclass
class Design:
    """Features to model columns: numeric ones as they are, places as smoothed RTO rates, the rest one-hot."""

    channels: tuple[str, ...]
    categories: tuple[str, ...]
    city_rates: dict[str, float]
    postal_rates: dict[str, float]
    prior: float  # the RTO rate a place never seen before gets

    @property
    def names(self) -> list[str]:
        return [
            *(name for name, _ in NUMERIC),
            "city_rate",
            "postal_rate",
            *(f"channel:{c}" for c in self.channels),
            *(f"category:{c}" for c in self.categories),
        ]

    @property
    def groups(self) -> list[int]:
        return [
            *(GROUP_INDEX[group] for _, group in NUMERIC),
            GROUP_INDEX["city"],
            GROUP_INDEX["postal"],
            *(GROUP_INDEX["channel"] for _ in self.channels),
            *(GROUP_INDEX["category"] for _ in self.categories),
        ]

    def rates(self, features: Features) -> np.ndarray:
        city = [self.city_rates.get(c, self.prior) for c in features.city]
        postal = [self.postal_rates.get(p, self.prior) for p in features.postal]
        return np.column_stack([np.array(city, dtype=np.float64), np.array(postal, dtype=np.float64)])

    def matrix(self, features: Features, rates: np.ndarray | None = None) -> np.ndarray:
        """The model's input; `rates` replaces the place rates (cross-fitted ones while training)."""
        n = len(features)
        channel = np.zeros((n, len(self.channels)))
        for j, name in enumerate(self.channels):
            channel[:, j] = features.channel == name
        category = np.zeros((n, len(self.categories)))
        if self.categories:
            index = {c: j for j, c in enumerate(self.categories)}
            for i, kinds in enumerate(features.categories):
                for kind in kinds:
                    if kind in index:
                        category[i, index[kind]] = 1.0
        places = self.rates(features) if rates is None else rates
        return np.hstack([features.numeric, places, channel, category])


@dataclass
class Calibrator:
    """Raw log-odds to a probability: isotonic steps (enough holdout) or a logistic curve (little of it)."""

    method: str  # "isotonic" | "sigmoid"
    x: np.ndarray = field(default_factory=lambda: np.empty(0))  # isotonic: raw-probability thresholds
    y: np.ndarray = field(default_factory=lambda: np.empty(0))
    slope: float = 1.0  # sigmoid: p = 1 / (1 + exp(-(slope * raw + intercept)))
    intercept: float = 0.0

    def __call__(self, raw: np.ndarray) -> np.ndarray:
        if self.method == "isotonic":
            return np.interp(_sigmoid(raw), self.x, self.y)
        return _sigmoid(self.slope * raw + self.intercept)


def _sigmoid(raw: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(raw, -40.0, 40.0)))


@dataclass
class RiskArtefact:
    design: Design
    model: HistGradientBoostingClassifier
    calibrator: Calibrator
    typical_total: float  # median order total of the training orders, for "high/low order value" in words
    base_rate: float  # share of RTOs among the training orders
    library: str = field(default_factory=lambda: f"scikit-learn {sklearn.__version__}")
    _forest: Forest | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_forest"] = None  # rebuilt on load; it holds the library's compiled tree objects
        return state

    @property
    def forest(self) -> Forest:
        if self._forest is None:
            self._forest = Forest(self.model, self.design.groups, len(GROUPS))
        return self._forest

    def score(self, features: Features) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated RTO probabilities and per-group credits (log-odds) for each order."""
        raw, credits = self.forest.raw_and_credits(self.design.matrix(features))
        return self.calibrator(raw), credits

    def raw(self, X: np.ndarray) -> np.ndarray:
        return self.forest.raw_and_credits(X)[0]


def dump(artefact: RiskArtefact) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    joblib.dump(artefact, buffer, compress=3)
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()


class CorruptArtefact(Exception):
    pass


def load(data: bytes, checksum: str) -> RiskArtefact:
    """Only bytes whose checksum matches the one recorded at training time are unpickled."""
    if hashlib.sha256(data).hexdigest() != checksum:
        raise CorruptArtefact("the stored model does not match its checksum")
    artefact = joblib.load(io.BytesIO(data))
    if not isinstance(artefact, RiskArtefact):
        raise CorruptArtefact("the stored object is not a risk model")
    artefact.forest  # noqa: B018 - built now, not on the first scored order
    return artefact


def probabilities(artefact: RiskArtefact, X: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    return artefact.calibrator(artefact.raw(np.asarray(X, dtype=np.float64)))
