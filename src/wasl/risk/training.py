"""`wasl risk train`: a store's own model from its own finished orders, tested on newer orders it never saw.

Finished orders (delivered, returned by the buyer, or returned to origin) are put in time order. The newest
20% are the holdout. The model learns only from orders whose outcome was known before the first holdout
order was placed (so nothing from the holdout's time leaks in): the older 80% of those fit the forest, the
newer 20% calibrate its probabilities. The holdout then measures the model, the cold-start rules and the model
in service, each on orders none of them learnt from.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.preprocessing import TargetEncoder
from tqdm import tqdm

from wasl.core.errors import Invalid
from wasl.orders.models import OrderStatus
from wasl.risk import artefact as art
from wasl.risk.evaluation import Costs, costs_dict, costs_for, evaluate
from wasl.risk.features import Features, order_features
from wasl.risk.frames import OrderColumns, store_orders
from wasl.risk.lookups import FINISHED
from wasl.risk.models import ModelState, RiskModel
from wasl.risk.rules import rule_scores
from wasl.risk.selectors import clear_caches, readiness
from wasl.stores.models import Store

HOLDOUT_SHARE = 0.20
CALIBRATION_SHARE = 0.20  # of what remains for learning
AUC_TOLERANCE = 0.005  # a new model this close to the one in service still replaces it (it knows newer data)
MIN_COMPARABLE = (200, 20)  # holdout orders and RTOs the model in service never saw, to compare on them
MAX_CHANNELS, MAX_CATEGORIES = 8, 12
STEPS = ("history", "features", "fit", "calibrate", "evaluate", "save")
# Directions no shop contradicts (cash on delivery, earlier RTOs of the buyer or at the address, a phone seen
# with other addresses raise the risk; a better address or phone lowers it). Only the direction is fixed, the
# size is learnt; it keeps small histories from learning a noisy reversal.
MONOTONE: dict[str, int] = {
    "cod": 1,
    "prior_rtos": 1,
    "address_rtos": 1,
    "phone_other_addresses": 1,
    "address_score": -1,
    "phone_score": -1,
}


@dataclass
class TrainResult:
    model: RiskModel
    reports: list[Path]


@dataclass
class _Split:
    learn: np.ndarray  # indices of orders the forest is fitted on
    calibrate: np.ndarray
    holdout: np.ndarray
    holdout_from: datetime


def risk_train(
    *,
    store: Store,
    progress: bool = False,
    report_dir: Path | None = None,
    columns: OrderColumns | None = None,
) -> TrainResult:
    """Train, evaluate and version a model; activate it only if it beats the rules and the model in service."""
    started = time.monotonic()
    bar = tqdm(total=len(STEPS), desc=f"risk model for {store.slug}", unit="step", disable=not progress)
    step = _stepper(bar)
    step("history")
    history = columns if columns is not None else store_orders(store)
    finished = np.flatnonzero(np.isin(history.status, FINISHED) & np.isfinite(history.outcome_at))
    orders = history.take(finished)
    y = orders.status == OrderStatus.RTO
    check = readiness(store, finished=len(orders), rtos=int(y.sum()))
    if not check.ready:
        bar.close()
        raise Invalid(check.message, code="not_enough_history")
    step("features")
    features = order_features(orders, history.history(), timezone=store.timezone)
    split = _split(orders)
    step("fit")
    artefact = _fit(features, y, split)
    step("calibrate")
    artefact.calibrator = _calibrate(artefact, features.take(split.calibrate), y[split.calibrate])
    step("evaluate")
    costs = costs_for(store, typical_total=artefact.typical_total)
    metrics = _evaluate(store, artefact, features, y, orders, split, costs)
    metrics["learning"] = {
        "orders": len(split.learn),
        "calibration_orders": len(split.calibrate),
        "rtos": int(y[split.learn].sum()),
        "iterations": int(artefact.model.n_iter_),
        "calibration": artefact.calibrator.method,
        "seconds": round(time.monotonic() - started, 1),
    }
    step("save")
    model = _save(store, artefact, metrics, split, orders)
    clear_caches(store.pk)
    bar.close()
    from wasl.risk.report import write_reports

    reports = write_reports(store, model, report_dir or Path(settings.DATA_DIR) / "risk-reports")
    return TrainResult(model, reports)


def _stepper(bar: tqdm) -> Callable[[str], None]:  # type: ignore[type-arg]
    started = {"n": 0}

    def step(name: str) -> None:
        if started["n"]:
            bar.update(1)
        started["n"] += 1
        bar.set_postfix_str(name)

    return step


def _split(orders: OrderColumns) -> _Split:
    n = len(orders)
    first_holdout = int(n * (1 - HOLDOUT_SHARE))
    holdout = np.arange(first_holdout, n)
    cutoff = int(orders.placed[first_holdout])
    known = np.flatnonzero(orders.outcome_at[:first_holdout] < cutoff)
    calibrate_from = int(len(known) * (1 - CALIBRATION_SHARE))
    return _Split(
        learn=known[:calibrate_from],
        calibrate=known[calibrate_from:],
        holdout=holdout,
        holdout_from=datetime.fromtimestamp(cutoff, UTC),
    )


def _fit(features: Features, y: np.ndarray, split: _Split) -> art.RiskArtefact:
    learn = features.take(split.learn)
    y_learn = y[split.learn]
    places = np.column_stack([learn.city, learn.postal]).astype(object)
    encoder = TargetEncoder(target_type="binary", cv=_folds(y_learn))
    rates = encoder.fit_transform(places, y_learn)
    design = art.Design(
        channels=tuple(c for c, _ in Counter(learn.channel.tolist()).most_common(MAX_CHANNELS)),
        categories=tuple(
            c for c, _ in Counter(k for kinds in learn.categories for k in kinds).most_common(MAX_CATEGORIES)
        ),
        city_rates=_rates(encoder, 0),
        postal_rates=_rates(encoder, 1),
        prior=float(encoder.target_mean_),
    )
    monotone = [MONOTONE.get(name, 0) for name in design.names]
    model = HistGradientBoostingClassifier(
        monotonic_cst=monotone if any(monotone) else None,
        learning_rate=0.04,
        max_iter=600,
        max_leaf_nodes=15,
        min_samples_leaf=50,
        l2_regularization=2.0,
        early_stopping=True,
        validation_fraction=0.15,
        n_iter_no_change=25,
        random_state=0,
    )
    model.fit(design.matrix(learn, rates=rates), y_learn)
    artefact = art.RiskArtefact(
        design=design,
        model=model,
        calibrator=art.Calibrator("sigmoid"),
        typical_total=float(np.median(learn.column("total"))),
        base_rate=float(y_learn.mean()),
    )
    return artefact


def _folds(y: np.ndarray) -> StratifiedKFold | KFold:
    smallest = min(int(y.sum()), int(len(y) - y.sum()))
    if smallest >= 5:
        return StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    return KFold(n_splits=5, shuffle=True, random_state=0)


def _rates(encoder: TargetEncoder, column: int) -> dict[str, float]:
    return {
        str(category): float(value)
        for category, value in zip(encoder.categories_[column], encoder.encodings_[column], strict=True)
    }


def _calibrate(artefact: art.RiskArtefact, features: Features, y: np.ndarray) -> art.Calibrator:
    """Isotonic on the calibration orders when they hold enough of both outcomes, else a logistic curve."""
    raw = artefact.raw(artefact.design.matrix(features))
    positives = int(y.sum())
    if positives >= 50 and len(y) - positives >= 50:
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.001, y_max=0.999)
        iso.fit(1.0 / (1.0 + np.exp(-raw)), y)
        return art.Calibrator("isotonic", x=iso.X_thresholds_, y=iso.y_thresholds_)
    if positives == 0 or positives == len(y):
        return art.Calibrator("sigmoid")
    logistic = LogisticRegression(C=100.0).fit(raw.reshape(-1, 1), y)
    return art.Calibrator(
        "sigmoid", slope=float(logistic.coef_[0, 0]), intercept=float(logistic.intercept_[0])
    )


def _evaluate(
    store: Store,
    artefact: art.RiskArtefact,
    features: Features,
    y: np.ndarray,
    orders: OrderColumns,
    split: _Split,
    costs: Costs,
) -> dict[str, object]:
    test = features.take(split.holdout)
    y_test = y[split.holdout]
    scores, credits = artefact.score(test)
    rules, _ = rule_scores(test)
    placed = orders.placed[split.holdout]
    metrics: dict[str, object] = {
        "holdout": {
            "from": split.holdout_from.isoformat(),
            "until": datetime.fromtimestamp(int(placed[-1]), UTC).isoformat(),
            "orders": len(y_test),
            "rtos": int(y_test.sum()),
        },
        "costs": costs_dict(costs),
        "model": evaluate(y_test, scores, costs=costs),
        "rules": evaluate(y_test, rules, costs=costs),
        "reason_weight": {
            group: round(float(value), 4)
            for group, value in zip(art.GROUPS, np.abs(credits).mean(axis=0), strict=True)
        },
    }
    previous = _previous_comparison(store, test, y_test, placed, scores)
    if previous is not None:
        metrics["previous"] = previous
    return metrics


def _previous_comparison(
    store: Store, test: Features, y: np.ndarray, placed: np.ndarray, scores: np.ndarray
) -> dict[str, object] | None:
    from wasl.risk.selectors import active_model_row

    row = active_model_row(store)
    if row is None:
        return None
    unseen = placed > int(row.train_until.timestamp())
    both = 0 < int(y[unseen].sum()) < int(unseen.sum())
    if int(unseen.sum()) >= MIN_COMPARABLE[0] and int(y[unseen].sum()) >= MIN_COMPARABLE[1] and both:
        from sklearn.metrics import roc_auc_score

        old = art.load(bytes(row.artefact), row.checksum)
        old_scores, _ = old.score(test.take(unseen))
        return {
            "version": row.version,
            "basis": "holdout orders it never saw",
            "orders": int(unseen.sum()),
            "roc_auc": round(float(roc_auc_score(y[unseen], old_scores)), 4),
            "new_roc_auc": round(float(roc_auc_score(y[unseen], scores[unseen])), 4),
        }
    recorded = row.metrics.get("model", {}).get("roc_auc")
    return {"version": row.version, "basis": "its own holdout", "roc_auc": recorded, "new_roc_auc": None}


def _decide(metrics: dict[str, object]) -> tuple[bool, str]:
    model_auc = metrics["model"]["roc_auc"]  # type: ignore[index]
    rules_auc = metrics["rules"]["roc_auc"]  # type: ignore[index]
    if model_auc is None:
        return False, "the holdout has only one kind of outcome; nothing to measure the model on"
    if rules_auc is not None and model_auc < rules_auc:
        return False, f"worse than the rules on the holdout (ROC-AUC {model_auc} < {rules_auc})"
    previous = metrics.get("previous")
    if isinstance(previous, dict) and previous.get("roc_auc") is not None:
        new = previous.get("new_roc_auc") or model_auc
        if new < previous["roc_auc"] - AUC_TOLERANCE:
            return False, (
                f"worse than v{previous['version']} in service on {previous['basis']} "
                f"(ROC-AUC {new} < {previous['roc_auc']})"
            )
    return True, f"ROC-AUC {model_auc} on the holdout (rules {rules_auc})"


def _save(
    store: Store, artefact: art.RiskArtefact, metrics: dict[str, object], split: _Split, orders: OrderColumns
) -> RiskModel:
    data, checksum = art.dump(artefact)
    activate, why = _decide(metrics)
    now = timezone.now()
    with transaction.atomic():
        Store.objects.select_for_update().filter(pk=store.pk).first()
        latest = RiskModel.objects.filter(store=store).aggregate(v=Max("version"))["v"] or 0
        if activate:
            RiskModel.objects.filter(store=store, state=ModelState.ACTIVE).update(state=ModelState.RETIRED)
        return RiskModel.objects.create(
            store=store,
            version=latest + 1,
            state=ModelState.ACTIVE if activate else ModelState.CANDIDATE,
            decision=why[:500],
            trained_at=now,
            activated_at=now if activate else None,
            train_until=split.holdout_from,
            history_until=datetime.fromtimestamp(int(orders.placed[-1]), UTC),
            metrics=metrics,
            features=artefact.design.names,
            artefact=data,
            checksum=checksum,
            library=artefact.library,
        )
