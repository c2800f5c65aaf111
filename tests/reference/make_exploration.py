#!/usr/bin/python3
"""Reference fixtures for Concord.Exploration and Concord.Similarity.ChannelCka.

Run with Debian's python3 (numpy 1.24, scipy 1.10, scikit-learn 1.2):
    /usr/bin/python3 tests/reference/make_exploration.py
Writes tests/Concord.Tests/Reference/exploration/*.npy and exploration.json:

- NumPy's legacy RandomState(seed).standard_normal draws (the jitter stream of mutual_info_classif);
- scipy.special.digamma at a few points;
- mutual_info_classif(X, y, random_state=s, n_neighbors=k) on small fixed datasets. Case "large_classes": every class
  has more than 2k + 1 members (scikit-learn uses its KD tree, whose distances are exact |x_i - x_j|), plus a singleton
  class (dropped by the estimator). Case "small_classes": classes of 2-7 members, for which scikit-learn switches to
  brute-force distances sqrt(x^2 - 2xy + y^2) that lose the 1e-10 jitter; for it the file also holds an exact-distance
  reference computed here with the same scaling and the same noise (what Concord computes);
- StandardScaler + PCA(n_components=2, svd_solver='full') (and PCA alone) fitted on training rows, scores of test rows;
- linear CKA (Kornblith's feature-space formulas, biased and debiased) between every pair of channels of an activation
  array [n, C, H, W] flattened C-order.
"""
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.special import digamma
from sklearn.decomposition import PCA
from sklearn.feature_selection import mutual_info_classif
from sklearn.preprocessing import StandardScaler, scale

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Concord.Tests", "Reference", "exploration")
os.makedirs(OUT, exist_ok=True)
doc = {
    "generator": "tests/reference/make_exploration.py",
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
}


def save(name, a):
    np.save(os.path.join(OUT, name + ".npy"), a)


# ---------------------------------------------------------------- random stream and digamma
doc["standard_normal"] = {str(seed): [float(v) for v in np.random.RandomState(seed).standard_normal(7)] for seed in (0, 17)}
points = [1.0, 2.0, 3.0, 4.5, 9.99, 10.0, 17.0, 1000.0, 35000.0]
doc["digamma"] = {"x": points, "psi": [float(digamma(x)) for x in points]}


# ---------------------------------------------------------------- mutual information
def exact_mi(X, y, k, seed):
    """mutual_info_classif with exact distances |x_i - x_j| for every class size (same scaling and noise)."""
    X = scale(X.astype(np.float64), with_mean=False)
    rs = np.random.RandomState(seed)
    means = np.maximum(1, np.mean(np.abs(X), axis=0))
    X = X + 1e-10 * means * rs.standard_normal(size=X.shape)
    out = []
    for j in range(X.shape[1]):
        c = X[:, j]
        n = len(c)
        radius = np.zeros(n); counts = np.zeros(n); kall = np.zeros(n)
        for lab in np.unique(y):
            idx = np.where(y == lab)[0]
            counts[idx] = len(idx)
            if len(idx) > 1:
                kk = min(k, len(idx) - 1)
                for q, i in enumerate(idx):
                    d = np.sort(np.abs(np.delete(c[idx], q) - c[i]))
                    radius[i] = np.nextafter(d[kk - 1], 0)
                kall[idx] = kk
        mask = counts > 1
        cm, r = c[mask], radius[mask]
        m = np.array([np.sum(np.abs(cm - cm[i]) <= r[i]) for i in range(len(cm))])
        mi = digamma(mask.sum()) + np.mean(digamma(kall[mask])) - np.mean(digamma(counts[mask])) - np.mean(digamma(m))
        out.append(max(0.0, mi))
    return np.array(out)


def mi_data(rng, sizes):
    y = np.concatenate([np.full(s, i) for i, s in enumerate(sizes)])
    rng.shuffle(y)
    n = len(y)
    X = np.column_stack([
        rng.normal(0.4 * y, 1.0),                                  # continuous, class-dependent mean
        rng.integers(0, 6, n) + 2 * (y == 1),                      # integer-valued: many ties (like time-to-dB frames)
        np.full(n, 2.5),                                           # constant: scaled by 1, only the jitter varies
        rng.normal(0, 1, n) * 1e3 + 50 * y,                        # large magnitude
        rng.exponential(1.0, n) ** 3,                              # heavy tail
        rng.normal(0, 1, n),                                       # unrelated to the class
    ])
    return X.astype(np.float32).astype(np.float64), y.astype(np.int64)   # float32-representable, as Concord's features


rng = np.random.default_rng(20240611)
mi_cases = []
for name, sizes in (("large_classes", [40, 35, 30, 14, 30, 1]), ("small_classes", [20, 7, 5, 3, 2])):
    X, y = mi_data(rng, sizes)
    save(f"mi_{name}_x", X)
    save(f"mi_{name}_y", y)
    runs = []
    for seed, k in ((0, 3), (7, 3), (3, 5)):
        if name == "small_classes" and k != 3:
            continue
        runs.append({"seed": seed, "neighbors": k, "sklearn": [float(v) for v in mutual_info_classif(X, y, n_neighbors=k, random_state=seed)],
                     "exact": [float(v) for v in exact_mi(X, y, k, seed)]})
    mi_cases.append({"name": name, "sizes": sizes, "runs": runs})
doc["mutual_information"] = mi_cases


# ---------------------------------------------------------------- PCA
def pca_case(name, n_train, n_test, p, standardize):
    basis = rng.normal(0, 1, (3, p))
    def draw(n):
        latent = rng.normal(0, 1, (n, 3)) * np.array([5.0, 2.5, 1.0])
        return latent @ basis + 0.3 * rng.normal(0, 1, (n, p)) + np.linspace(-2, 40, p)
    xtr, xte = draw(n_train), draw(n_test)
    xtr[:, 1] *= 100.0                                             # one column in other units
    xte[:, 1] *= 100.0
    save(f"pca_{name}_train", xtr)
    save(f"pca_{name}_test", xte)
    if standardize:
        sc = StandardScaler().fit(xtr)
        ztr, zte = sc.transform(xtr), sc.transform(xte)
    else:
        ztr, zte = xtr, xte
    pca = PCA(n_components=2, svd_solver="full").fit(ztr)
    save(f"pca_{name}_scores", pca.transform(zte))
    save(f"pca_{name}_components", pca.components_)
    return {"name": name, "standardize": standardize, "explained_variance_ratio": [float(v) for v in pca.explained_variance_ratio_],
            "explained_variance": [float(v) for v in pca.explained_variance_]}


doc["pca"] = [pca_case("tall", 80, 20, 12, True), pca_case("wide", 30, 10, 200, True), pca_case("centred", 80, 20, 12, False)]


# ---------------------------------------------------------------- per-channel CKA
def linear_cka(x, y, debiased):
    x = x - x.mean(0, keepdims=True)
    y = y - y.mean(0, keepdims=True)
    n = x.shape[0]
    xty = np.linalg.norm(x.T @ y) ** 2
    xx = np.linalg.norm(x.T @ x)
    yy = np.linalg.norm(y.T @ y)
    if not debiased:
        return xty / (xx * yy)
    sx, sy = np.sum(x * x, 1), np.sum(y * y, 1)
    def h(dot, a, b):
        return dot - n / (n - 2) * a.dot(b) + a.sum() * b.sum() / ((n - 1) * (n - 2))
    return h(xty, sx, sy) / np.sqrt(h(xx ** 2, sx, sx) * h(yy ** 2, sy, sy))


n, C, H, W = 40, 4, 3, 5
base = rng.normal(0, 1, (n, H, W))
acts = np.stack([base, 2.0 * base + 0.1 * rng.normal(0, 1, (n, H, W)), rng.normal(0, 1, (n, H, W)), np.maximum(base, 0)], axis=1)
acts = acts.astype(np.float32)
save("channels_acts", acts)
flat = acts.reshape(n, C, H * W).astype(np.float64)
doc["channel_cka"] = {
    "shape": [n, C, H, W],
    "biased": [[float(linear_cka(flat[:, a], flat[:, b], False)) for b in range(C)] for a in range(C)],
    "debiased": [[float(linear_cka(flat[:, a], flat[:, b], True)) for b in range(C)] for a in range(C)],
}

with open(os.path.join(OUT, "exploration.json"), "w") as f:
    json.dump(doc, f, indent=1)
print("wrote", OUT)
for c in mi_cases:
    for r in c["runs"]:
        print(c["name"], r["seed"], r["neighbors"], "max |sklearn - exact| =", max(abs(a - b) for a, b in zip(r["sklearn"], r["exact"])))
