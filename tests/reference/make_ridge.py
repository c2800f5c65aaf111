#!/usr/bin/python3
"""Reference fixtures for Concord's cross-validated ridge probe (tests/Concord.Tests/Reference/probes/ridge_cv_*.json).

Run with Debian's stack: /usr/bin/python3 tests/reference/make_ridge.py (numpy 1.24, scikit-learn 1.2).
Inputs are matrices already committed by make_probes.py (planted_linear*, wavelet_mean_w25 with its split and the
pitch/velocity targets); nothing is regenerated. Each case standardises the training split with StandardScaler
(train statistics applied to test, Concord's TrainFit), rounds the standardised values to float32 as Concord stores
them, and fits RidgeCV(alphas=GRID, fit_intercept=True) with its default cv=None (efficient leave-one-out,
gcv_mode='auto', store_cv_values=True). Expected: the chosen alpha_, the leave-one-out MSE of every alpha (mean of
cv_values_ over rows), coef_, intercept_ and the test RMSE.
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.linear_model import RidgeCV
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Concord.Tests", "Reference", "probes")
GRID = [10.0 ** (k / 2.0) for k in range(-4, 13)]   # RidgeCrossValidation.DefaultAlphas
VERSIONS = {"generator": "tests/reference/make_ridge.py", "python": sys.version.split()[0],
            "numpy": np.__version__, "sklearn": sklearn.__version__}


def load(name):
    return np.load(os.path.join(OUT, name + ".npy"))


def case(name, xtr, ytr, xte, yte):
    sc = StandardScaler().fit(xtr.astype(np.float64))
    ztr = sc.transform(xtr.astype(np.float64)).astype(np.float32).astype(np.float64)
    zte = sc.transform(xte.astype(np.float64)).astype(np.float32).astype(np.float64)
    m = RidgeCV(alphas=GRID, store_cv_values=True).fit(ztr, ytr)
    loo = m.cv_values_.reshape(len(ytr), len(GRID)).mean(axis=0)
    out = {
        "versions": VERSIONS,
        "n_train": int(len(ytr)), "d": int(xtr.shape[1]),
        "alphas": GRID,
        "alpha": float(m.alpha_),
        "loo_mse": loo.tolist(),
        "best_score": float(m.best_score_),
        "coef": m.coef_.tolist(),
        "intercept": float(m.intercept_),
        "test_rmse": float(np.sqrt(np.mean((yte - m.predict(zte)) ** 2))),
        "mean_predictor_rmse": float(np.sqrt(np.mean((yte - ytr.mean()) ** 2))),
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(out, f, indent=1)
    print(name, "n", len(ytr), "d", xtr.shape[1], "alpha", m.alpha_, "test rmse", out["test_rmse"])


def main():
    x = load("planted_linear_x"); y = load("planted_linear_y")
    case("ridge_cv_planted", x[:200], y[:200], x[200:], y[200:])          # n > d
    x = load("planted_linear_wide_x"); y = load("planted_linear_wide_y")
    case("ridge_cv_wide", x[:60], y[:60], x[60:], y[60:])                 # p > n
    w = load("wavelet_mean_w25"); tr = load("wavelet_train_index"); te = load("wavelet_test_index")
    for t in ("pitch", "velocity"):
        v = load("wavelet_" + t).astype(np.float64)
        case("ridge_cv_wavelet_" + t, w[tr], v[tr], w[te], v[te])


if __name__ == "__main__":
    main()
