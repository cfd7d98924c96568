"""How good a score is on orders it was not trained on: ranking, calibration, and money.

The cost curve answers the merchant's question: if I act on the riskiest k% of orders (hold them for a
confirmation, ask for prepayment, or do not ship them), how much do I save? Each RTO caught saves its forward
shipping and the return leg; each delivered order acted on costs `action_cost` (messages, a lost sale now and
then). It assumes acting on an order that would come back prevents that; the same assumption is applied to the
model and to the rules, so the comparison between them holds even where the absolute figure is optimistic.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

import numpy as np
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from wasl.risk.models import RiskSettings
from wasl.stores.models import Store

SHARES = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50)
CALIBRATION_BINS = 10
# Without the store's own figures: forward shipping ~10% of a typical order, the return leg as much again, and
# acting on a good order ~2% of it.
DEFAULT_SHIPPING_SHARE = 0.10
DEFAULT_ACTION_SHARE = 0.02


@dataclass(frozen=True)
class Costs:
    shipping: float
    rto: float
    action: float
    source: str  # "store settings" | "defaults from the median order value" | a mix

    @property
    def per_rto(self) -> float:
        return self.shipping + self.rto


def costs_for(store: Store, *, typical_total: float) -> Costs:
    settings = RiskSettings.objects.filter(store=store).first() or RiskSettings(store=store)
    shipping = _or_default(settings.shipping_cost, typical_total * DEFAULT_SHIPPING_SHARE)
    rto = _or_default(settings.rto_cost, shipping[0])
    action = _or_default(settings.action_cost, typical_total * DEFAULT_ACTION_SHARE)
    given = [shipping[1], rto[1], action[1]]
    source = (
        "store settings"
        if all(given)
        else ("defaults from the median order value" if not any(given) else "store settings and defaults")
    )
    return Costs(round(shipping[0], 2), round(rto[0], 2), round(action[0], 2), source)


def _or_default(value: Decimal | None, default: float) -> tuple[float, bool]:
    if isinstance(value, Decimal):
        return float(value), True
    return float(default), False


def evaluate(y: np.ndarray, scores: np.ndarray, *, costs: Costs) -> dict[str, object]:
    """ROC-AUC, PR-AUC, Brier score, calibration bins and the cost curve of `scores` against outcomes `y`."""
    y = y.astype(bool)
    both = 0 < y.sum() < len(y)
    return {
        "orders": len(y),
        "rtos": int(y.sum()),
        "roc_auc": round(float(roc_auc_score(y, scores)), 4) if both else None,
        "pr_auc": round(float(average_precision_score(y, scores)), 4) if both else None,
        "brier": round(float(brier_score_loss(y, scores)), 4),
        "mean_score": round(float(scores.mean()), 4) if len(y) else None,
        "calibration": calibration_bins(y, scores),
        "cost_curve": cost_curve(y, scores, costs=costs),
    }


def calibration_bins(
    y: np.ndarray, scores: np.ndarray, bins: int = CALIBRATION_BINS
) -> list[dict[str, object]]:
    """Predicted vs observed RTO rate in equal-width probability bins (empty bins left out)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    out: list[dict[str, object]] = []
    for b in range(bins):
        inside = which == b
        count = int(inside.sum())
        if count:
            out.append(
                {
                    "from": round(float(edges[b]), 2),
                    "to": round(float(edges[b + 1]), 2),
                    "orders": count,
                    "predicted": round(float(scores[inside].mean()), 4),
                    "observed": round(float(y[inside].mean()), 4),
                }
            )
    return out


def cost_curve(y: np.ndarray, scores: np.ndarray, *, costs: Costs) -> list[dict[str, object]]:
    order = np.argsort(-scores, kind="stable")
    ranked = y[order]
    caught_so_far = np.cumsum(ranked)
    total_rtos = int(y.sum())
    points: list[dict[str, object]] = []
    for share in SHARES:
        k = round(share * len(y))
        caught = int(caught_so_far[k - 1]) if k else 0
        false_alarms = k - caught
        points.append(
            {
                "share": share,
                "orders": k,
                "rtos_caught": caught,
                "recall": round(caught / total_rtos, 4) if total_rtos else None,
                "saved": round(caught * costs.per_rto - false_alarms * costs.action, 2),
            }
        )
    return points


def best_saving(curve: list[dict[str, object]]) -> float:
    return max((float(point["saved"]) for point in curve), default=0.0)  # type: ignore[arg-type]


def costs_dict(costs: Costs) -> dict[str, object]:
    return asdict(costs)
