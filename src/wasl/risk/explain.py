"""A gradient-boosted forest read tree by tree, so each score comes with what pushed it up or down.

Each split on an order's path through a tree moves the expected score from the node's value (the mean over the
training orders that reached it) to the child's; that move is credited to the split's feature (the path
attribution of Saabas' "treeinterpreter"). Summed over trees, the credits of a feature group plus the forest's
mean give the model's raw score (log-odds) exactly, so the reasons always add up to the score they explain.

A path ends in one leaf, so every leaf's credits are computed once, when the model is loaded; scoring then only
finds each order's leaves: in pure Python for a single order (no library call overhead), or with the library's
own compiled tree walker, asked for leaf numbers instead of values, for a batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.ensemble._hist_gradient_boosting.predictor import TreePredictor

_Node = tuple[
    int, float, bool, int, int
]  # feature, threshold, missing goes left, left, right (leaf: feature -1)


class Forest:
    def __init__(self, model: HistGradientBoostingClassifier, groups: Sequence[int], n_groups: int) -> None:
        self.n_groups = n_groups
        trees = [predictors[0] for predictors in model._predictors]
        self.baseline = float(np.ravel(model._baseline_prediction)[0])
        self._known_bitsets, self._feature_map = model._bin_mapper.make_known_categories_bitsets()
        self._python_trees: list[list[_Node]] = []
        self._leaf_finders: list[TreePredictor] = []
        self._credits: list[np.ndarray] = []  # per tree: nodes x groups (rows of leaves filled)
        self._values: list[np.ndarray] = []
        self._flat: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.mean = self.baseline
        group_of = np.asarray(groups, dtype=np.int64)
        for tree in trees:
            nodes = tree.nodes
            if np.any(nodes["is_categorical"]):
                raise ValueError("categorical splits are not expected: features are numeric")
            expected = _expected_values(nodes)
            self.mean += float(expected[0])
            self._credits.append(_leaf_credits(nodes, expected, group_of, n_groups))
            self._values.append(nodes["value"].astype(np.float64))
            numbered = nodes.copy()
            numbered["value"] = np.arange(len(nodes), dtype=np.float64)
            self._leaf_finders.append(
                TreePredictor(numbered, tree.binned_left_cat_bitsets, tree.raw_left_cat_bitsets)
            )
            self._python_trees.append(
                [
                    (
                        -1 if node["is_leaf"] else int(node["feature_idx"]),
                        float(node["num_threshold"]),
                        bool(node["missing_go_to_left"]),
                        int(node["left"]),
                        int(node["right"]),
                    )
                    for node in nodes
                ]
            )

    def leaves(self, X: np.ndarray) -> np.ndarray:
        """Leaf number of every row in every tree (rows x trees)."""
        if len(X) <= 4:
            return np.array([[self._leaf_of(tree, row) for tree in self._python_trees] for row in X.tolist()])
        data = np.ascontiguousarray(X, dtype=np.float64)
        out = np.empty((len(X), len(self._leaf_finders)), dtype=np.intp)
        for t, finder in enumerate(self._leaf_finders):
            out[:, t] = finder.predict(data, self._known_bitsets, self._feature_map, 1)
        return out

    @staticmethod
    def _leaf_of(tree: list[_Node], row: list[float]) -> int:
        at = 0
        while True:
            feature, threshold, missing_left, left, right = tree[at]
            if feature < 0:
                return at
            x = row[feature]
            go_left = missing_left if x != x else x <= threshold  # x != x: NaN, a missing value
            at = left if go_left else right

    def raw_and_credits(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Raw scores (log-odds) and per-group credits (rows x groups); raw == mean + credits.sum(axis=1)."""
        if self._flat is None:
            self._flat = _flatten(self._values, self._credits)
        values, credits, offsets = self._flat
        raw = np.empty(len(X))
        out = np.empty((len(X), self.n_groups))
        for start in range(0, len(X), _ROWS_AT_ONCE):  # rows x trees x groups stays a few megabytes
            at = self.leaves(X[start : start + _ROWS_AT_ONCE]) + offsets
            raw[start : start + len(at)] = self.baseline + values[at].sum(axis=1)
            out[start : start + len(at)] = credits[at].sum(axis=1)
        return raw, out


_ROWS_AT_ONCE = 1000


def _flatten(
    values: list[np.ndarray], credits: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All trees' node values and credits end to end, with where each tree starts."""
    offsets = np.cumsum([0] + [len(v) for v in values[:-1]]).astype(np.intp)
    return np.concatenate(values), np.concatenate(credits), offsets


def _expected_values(nodes: np.ndarray) -> np.ndarray:
    """Each node's value as the training-count-weighted mean of the leaves below it."""
    expected = nodes["value"].astype(np.float64).copy()
    count = nodes["count"].astype(np.float64)
    # Children always come after their parent, so one backward pass settles every node.
    for at in range(len(nodes) - 1, -1, -1):
        if not nodes["is_leaf"][at]:
            left, right = int(nodes["left"][at]), int(nodes["right"][at])
            total = count[left] + count[right]
            expected[at] = (
                (expected[left] * count[left] + expected[right] * count[right]) / total if total else 0.0
            )
    return expected


def _leaf_credits(nodes: np.ndarray, expected: np.ndarray, group_of: np.ndarray, n_groups: int) -> np.ndarray:
    credits = np.zeros((len(nodes), n_groups))
    stack = [(0, np.zeros(n_groups))]
    while stack:
        at, carried = stack.pop()
        if nodes["is_leaf"][at]:
            credits[at] = carried
            continue
        group = group_of[int(nodes["feature_idx"][at])]
        for child in (int(nodes["left"][at]), int(nodes["right"][at])):
            moved = carried.copy()
            moved[group] += expected[child] - expected[at]
            stack.append((child, moved))
    return credits
