#!/usr/bin/python3
"""Golden values for Concord.Similarity.

Run with Debian's python3 (numpy 1.24): /usr/bin/python3 tests/reference/make_similarity.py
Writes tests/Concord.Tests/Reference/similarity/{kornblith_x,kornblith_y,study_x,study_y}.npy and golden.json.

Kornblith et al. (2019) reference functions (representation_similarity/Demo.ipynb) are re-implemented here from their
published formulas: gram_linear, gram_rbf, center_gram, cka, feature_space_linear_cka and cca.
"""
import json
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Concord.Tests", "Reference", "similarity")


def gram_linear(x):
    return x @ x.T


def gram_rbf(x, threshold=1.0):
    dots = x @ x.T
    sq_norms = np.diag(dots)
    sq_dist = -2 * dots + sq_norms[:, None] + sq_norms[None, :]
    sq_median = np.median(sq_dist)          # median over all n*n entries, diagonal zeros included
    return np.exp(-sq_dist / (2 * threshold ** 2 * sq_median))


def center_gram(gram, unbiased=False):
    gram = gram.copy()
    n = gram.shape[0]
    if unbiased:
        np.fill_diagonal(gram, 0)
        means = np.sum(gram, 0, dtype=np.float64) / (n - 2)
        means -= np.sum(means) / (2 * (n - 1))
        gram -= means[:, None]
        gram -= means[None, :]
        np.fill_diagonal(gram, 0)
    else:
        means = np.mean(gram, 0, dtype=np.float64)
        means -= np.mean(means) / 2
        gram -= means[:, None]
        gram -= means[None, :]
    return gram


def cka(gram_x, gram_y, debiased=False):
    gx = center_gram(gram_x, debiased)
    gy = center_gram(gram_y, debiased)
    return gx.ravel() @ gy.ravel() / (np.linalg.norm(gx) * np.linalg.norm(gy))


def _debiased_helper(xty, rx, ry, nx, ny, n):
    return xty - n / (n - 2.0) * rx @ ry + nx * ny / ((n - 1) * (n - 2))


def feature_space_linear_cka(x, y, debiased=False):
    x = x - x.mean(0, keepdims=True)
    y = y - y.mean(0, keepdims=True)
    dot = np.linalg.norm(x.T @ y) ** 2
    nx = np.linalg.norm(x.T @ x)
    ny = np.linalg.norm(y.T @ y)
    if debiased:
        n = x.shape[0]
        rx = np.einsum("ij,ij->i", x, x)
        ry = np.einsum("ij,ij->i", y, y)
        sx, sy = rx.sum(), ry.sum()
        dot = _debiased_helper(dot, rx, ry, sx, sy, n)
        nx = np.sqrt(_debiased_helper(nx ** 2, rx, rx, sx, sx, n))
        ny = np.sqrt(_debiased_helper(ny ** 2, ry, ry, sy, sy, n))
    return dot / (nx * ny)


def cca_kornblith(x, y):
    """Kornblith's cca(): no centring, normalised by min(p_x, p_y)."""
    qx, _ = np.linalg.qr(x)
    qy, _ = np.linalg.qr(y)
    return np.linalg.norm(qx.T @ qy) ** 2 / min(x.shape[1], y.shape[1])


def centred(a):
    return a - a.mean(0, keepdims=True)


def cca_terms(x, y):
    """Centred CCA: canonical correlations = singular values of Q_x^T Q_y."""
    qx, _ = np.linalg.qr(centred(x))
    qy, _ = np.linalg.qr(centred(y))
    s = np.linalg.svd(qx.T @ qy, compute_uv=False)
    return s


def study_cca_and_lr(x, y):
    """METHOD.md §8.2 (cell 67): X = centred deep, Y = centred hand-crafted; divide by the deep dimension p1."""
    qx, _ = np.linalg.qr(x)
    qy, _ = np.linalg.qr(y)
    num = np.linalg.norm(qy.T @ qx)
    sim_cca = (num / x.shape[1]) * num
    num = np.linalg.norm(qy.T @ x)
    d1 = np.linalg.norm(x)
    sim_lr = (num / d1) * (num / d1)
    return sim_cca, sim_lr


def lr(x, y):
    """R2_LR(x|y): fraction of the variance of centred x explained by a regression on centred y."""
    x = centred(x)
    qy, _ = np.linalg.qr(centred(y))
    return np.linalg.norm(qy.T @ x) ** 2 / np.linalg.norm(x) ** 2


def svcca(x, y, keep=0.99):
    def top(a):
        u, s, _ = np.linalg.svd(centred(a), full_matrices=False)
        e = s ** 2
        c = np.cumsum(e) / e.sum()
        t = int(np.searchsorted(c, keep) + 1)   # smallest T with cumulative >= keep
        return u[:, :t], t, c[t - 1]
    ux, tx, vx = top(x)
    uy, ty, vy = top(y)
    s = np.linalg.svd(ux.T @ uy, compute_uv=False)
    m = min(tx, ty)
    return {"r2": float((s ** 2).sum() / m), "rho": float(s.sum() / m), "tx": tx, "ty": ty,
            "retained_x": float(vx), "retained_y": float(vy)}


def main():
    os.makedirs(OUT, exist_ok=True)
    np.random.seed(1337)
    X = np.random.randn(100, 10)
    Y = np.random.randn(100, 10) + X
    np.save(os.path.join(OUT, "kornblith_x.npy"), X)
    np.save(os.path.join(OUT, "kornblith_y.npy"), Y)

    # A second fixture with p1 != p2 for the study's normaliser (deep side wider than the hand-crafted side).
    rng = np.random.RandomState(2024)
    S_y = rng.randn(60, 4) * np.array([1.0, 2.0, 0.5, 3.0]) + 5.0
    S_x = np.hstack([S_y @ rng.randn(4, 6), rng.randn(60, 3)]) + rng.randn(60, 9) * 0.7 - 2.0
    np.save(os.path.join(OUT, "study_x.npy"), S_x)
    np.save(os.path.join(OUT, "study_y.npy"), S_y)

    rho = cca_terms(X, Y)
    srho = cca_terms(S_x, S_y)
    study_cca, study_lr = study_cca_and_lr(centred(S_x), centred(S_y))
    golden = {
        "generator": "tests/reference/make_similarity.py",
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "kornblith": {
            "linear_cka": feature_space_linear_cka(X, Y),
            "linear_cka_debiased": feature_space_linear_cka(X, Y, debiased=True),
            "linear_cka_gram": cka(gram_linear(X), gram_linear(Y)),
            "linear_cka_gram_debiased": cka(gram_linear(X), gram_linear(Y), debiased=True),
            "rbf_cka_0_5": cka(gram_rbf(X, 0.5), gram_rbf(Y, 0.5)),
            "rbf_cka_0_5_debiased": cka(gram_rbf(X, 0.5), gram_rbf(Y, 0.5), debiased=True),
            "cca_r2_uncentred": cca_kornblith(X, Y),
            "cca_r2": float((rho ** 2).mean()),
            "cca_rho": float(rho.mean()),
            "lr_x_given_y": lr(X, Y),
            "lr_y_given_x": lr(Y, X),
            "svcca": svcca(X, Y),
        },
        "study": {
            "p_x": S_x.shape[1], "p_y": S_y.shape[1],
            "cca_r2_first_dimension": study_cca,
            "cca_r2_min_dimension": float((srho ** 2).sum() / min(S_x.shape[1], S_y.shape[1])),
            "cca_rho_first_dimension": float(srho.sum() / S_x.shape[1]),
            "cca_rho_min_dimension": float(srho.sum() / min(S_x.shape[1], S_y.shape[1])),
            "lr_x_given_y": study_lr,
            "lr_y_given_x": lr(S_y, S_x),
            "linear_cka": feature_space_linear_cka(S_x, S_y),
            "linear_cka_debiased": feature_space_linear_cka(S_x, S_y, debiased=True),
            "svcca": svcca(S_x, S_y),
        },
    }
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f, indent=2, default=float)
    print(json.dumps(golden, indent=2, default=float))


if __name__ == "__main__":
    main()
