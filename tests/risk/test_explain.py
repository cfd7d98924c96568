"""Reasons from tree paths add up to the model's own score, one order at a time or in a batch."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from wasl.risk.explain import Forest


def _model() -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(3000, 5))
    X[rng.random(3000) < 0.05, 2] = np.nan  # missing values take the side the tree learnt for them
    logit = -1.0 + 1.5 * X[:, 0] + np.where(np.isnan(X[:, 2]), 1.0, 0.5 * X[:, 2]) * (X[:, 1] > 0)
    y = rng.random(3000) < 1 / (1 + np.exp(-logit))
    model = HistGradientBoostingClassifier(max_iter=60, max_leaf_nodes=15, random_state=0).fit(X, y)
    return model, X


def test_raw_scores_are_the_libraries_own_and_credits_add_up_to_them() -> None:
    model, X = _model()
    forest = Forest(model, groups=[0, 0, 1, 2, 2], n_groups=3)
    raw, credits = forest.raw_and_credits(X)
    assert np.allclose(raw, model._raw_predict(X).ravel(), atol=1e-9)
    assert np.allclose(forest.mean + credits.sum(axis=1), raw, atol=1e-9)
    assert credits.shape == (3000, 3)


def test_one_order_walks_the_trees_in_python_and_gets_the_same_answer() -> None:
    model, X = _model()
    forest = Forest(model, groups=[0, 1, 2, 3, 4], n_groups=5)
    batch_raw, batch_credits = forest.raw_and_credits(X[:50])
    for i in range(50):
        raw, credits = forest.raw_and_credits(X[i : i + 1])
        assert np.allclose(raw, batch_raw[i]) and np.allclose(credits, batch_credits[i])


def test_a_feature_the_model_never_splits_on_gets_no_credit() -> None:
    model, X = _model()
    forest = Forest(model, groups=[0, 1, 2, 3, 4], n_groups=5)
    used = {
        int(p[0].nodes["feature_idx"][i])
        for p in model._predictors
        for i in np.flatnonzero(~p[0].nodes["is_leaf"].astype(bool))
    }
    _, credits = forest.raw_and_credits(X)
    for feature in set(range(5)) - used:
        assert not credits[:, feature].any()
    assert np.abs(credits[:, 0]).mean() > np.abs(credits[:, 4]).mean()
