"""Training the check-worthiness model: class-weighted, L2-regularised logistic regression.

Needs numpy (``pip install worksheet[train]``); scoring does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from worksheet.suggest.features import FeatureVector
from worksheet.suggest.model import Model


@dataclass
class Sparse:
    """A row-compressed sparse matrix: just enough for X @ w and X.T @ r."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_cols: int

    def __post_init__(self) -> None:
        # The row of each stored value, so both products are one bincount.
        self.rows = np.repeat(np.arange(self.n_rows), np.diff(self.indptr))

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def dot(self, w: np.ndarray) -> np.ndarray:
        """X @ w."""
        prod = self.data * w[self.indices]
        return np.bincount(self.rows, weights=prod, minlength=self.n_rows)

    def tdot(self, r: np.ndarray) -> np.ndarray:
        """X.T @ r."""
        return np.bincount(self.indices, weights=self.data * r[self.rows], minlength=self.n_cols)


def build_matrix(feats: Sequence[FeatureVector], vocab: dict[str, int]) -> Sparse:
    """The sparse matrix of ``feats`` over the columns named in ``vocab``."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for f in feats:
        for k, v in f.items():
            j = vocab.get(k)
            if j is not None:
                indices.append(j)
                data.append(v)
        indptr.append(len(indices))
    return Sparse(
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(data, dtype=np.float64),
        len(vocab),
    )


def build_vocab(feats: Sequence[FeatureVector], min_df: int) -> dict[str, int]:
    """Columns: every cue and context feature, and words/bigrams seen in ``min_df`` sentences."""
    df: Counter[str] = Counter()
    for f in feats:
        df.update(f.keys())
    names = sorted(k for k, n in df.items() if not k.startswith(("w:", "b:")) or n >= min_df)
    return {k: i for i, k in enumerate(names)}


def lbfgs(fun, x0: np.ndarray, *, iters: int = 300, memory: int = 10, tol: float = 1e-6):
    """Minimise a smooth function ``fun(x) -> (value, gradient)`` by L-BFGS."""
    x = x0.copy()
    f, g = fun(x)
    s_hist: list[np.ndarray] = []
    y_hist: list[np.ndarray] = []
    for _ in range(iters):
        # Two-loop recursion: an approximate Newton direction from recent curvature.
        q = g.copy()
        alphas = []
        for s, y in zip(reversed(s_hist), reversed(y_hist), strict=True):
            a = s @ q / (y @ s)
            alphas.append(a)
            q -= a * y
        if s_hist:
            q *= (s_hist[-1] @ y_hist[-1]) / (y_hist[-1] @ y_hist[-1])
        for s, y, a in zip(s_hist, y_hist, reversed(alphas), strict=True):
            b = y @ q / (y @ s)
            q += (a - b) * s
        d = -q
        slope = g @ d
        if slope >= 0:  # not a descent direction: restart from the gradient
            s_hist.clear()
            y_hist.clear()
            d = -g
            slope = g @ d
        step = 1.0 if s_hist else 1.0 / max(1.0, float(np.linalg.norm(g)))
        while True:  # backtracking until the Armijo condition holds
            x_new = x + step * d
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = x_new - x, g_new - g
        if s @ y > 1e-10:
            s_hist.append(s)
            y_hist.append(y)
            if len(s_hist) > memory:
                s_hist.pop(0)
                y_hist.pop(0)
        converged = abs(f - f_new) <= tol * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if converged:
            break
    return x


def fit(
    feats: Sequence[FeatureVector],
    labels: Sequence[int],
    *,
    l2: float = 1e-2,
    min_df: int = 2,
) -> Model:
    """Train on featurised sentences; positives are up-weighted to balance the classes."""
    vocab = build_vocab(feats, min_df)
    X = build_matrix(feats, vocab)
    y = np.asarray(labels, dtype=np.float64)
    n_pos = max(1.0, y.sum())
    n_neg = max(1.0, len(y) - y.sum())
    c = np.where(y > 0, 0.5 / n_pos, 0.5 / n_neg)  # each class carries half the loss

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = X.dot(w) + b
        # log(1 + e^z) - y z, written to stay finite for large |z|
        loss = np.logaddexp(0.0, z) - y * z
        p = 1.0 / (1.0 + np.exp(-z))
        r = c * (p - y)
        value = float(c @ loss) + 0.5 * l2 * float(w @ w)
        grad = np.empty_like(theta)
        grad[:-1] = X.tdot(r) + l2 * w
        grad[-1] = r.sum()
        return value, grad

    theta = lbfgs(objective, np.zeros(X.n_cols + 1))
    names = list(vocab)
    weights = {names[j]: float(theta[j]) for j in range(len(names)) if theta[j] != 0.0}
    info: dict[str, object] = {"l2": l2, "min_df": min_df, "n": len(y), "positives": int(n_pos)}
    return Model(weights=weights, bias=float(theta[-1]), info=info)
