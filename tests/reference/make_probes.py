#!/usr/bin/python3
"""Reference fixtures for Concord.Probes (tests/Concord.Tests/Reference/probes/).

Run with Debian's stack: /usr/bin/python3 tests/reference/make_probes.py
(numpy 1.24, scipy 1.10, scikit-learn 1.2, torch 1.13). Writes .npy inputs and one JSON per case with the
expected outputs and the library versions. Random matrices are generated here once and committed; the C# tests
read them, they never regenerate them.

Cases
- wavelet_mean_w25: the NSynth fixture's "Mean Wavelet (25)" feature (METHOD.md 4.3), computed here independently of
  Concord's C# features: librosa-formula dB mel spectrogram (128 mels, n_fft 2048, hop 502, fmax 8000, Slaney scale and
  norm, centre reflect padding, periodic Hann, power 2, ref=max, top_db 80), then for each mel row
  mean(scipy.signal.cwt(row, ricker, [25])). Labels: instrument family (8 classes), pitch and velocity.
- planted logistic / linear matrices with known structure, including p > n and duplicated columns.
- paper-SGD: a torch 1.13 reimplementation of the study's probe (nn.Linear, softmax then CrossEntropyLoss, SGD lr 0.01
  momentum 0.9, batch 64, no shuffle, 100 epochs, torch.manual_seed(1) right before building the model).
"""
import json
import os
import sys

import numpy as np
import scipy
import scipy.io.wavfile
import scipy.signal
import sklearn
import torch
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Concord.Tests", "Reference", "probes")
FIXTURE = os.path.join(HERE, "..", "..", "..", "shared", "data", "nsynth-fixture")
if len(sys.argv) > 1:
    FIXTURE = sys.argv[1]

VERSIONS = {
    "generator": "tests/reference/make_probes.py",
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "sklearn": sklearn.__version__,
    "torch": torch.__version__,
}


def save_npy(name, a):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(a))


def save_json(name, d):
    d = dict(d)
    d["versions"] = VERSIONS
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(d, f, indent=1, sort_keys=True)


# ---------------------------------------------------------------- librosa-formula mel spectrogram (librosa 0.8 defaults)
def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, mels)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filters(sr, n_fft, n_mels, fmin, fmax):
    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, 1 + n_fft // 2))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2: n_mels + 2] - mel_f[:n_mels])
    return weights * enorm[:, None]


def mel_db(y, sr, n_fft=2048, hop=502, n_mels=128, fmax=8000.0):
    y = np.pad(y, n_fft // 2, mode="reflect")
    window = scipy.signal.get_window("hann", n_fft, fftbins=True)
    n_frames = 1 + (len(y) - n_fft) // hop
    frames = np.stack([y[t * hop: t * hop + n_fft] for t in range(n_frames)], axis=1)
    spec = np.abs(np.fft.rfft(frames * window[:, None], axis=0)) ** 2
    mel = mel_filters(sr, n_fft, n_mels, 0.0, fmax) @ spec
    amin, top_db = 1e-10, 80.0
    db = 10.0 * np.log10(np.maximum(amin, mel))
    db -= 10.0 * np.log10(np.maximum(amin, mel.max()))
    return np.maximum(db, db.max() - top_db)


def wavelet_features():
    with open(os.path.join(FIXTURE, "examples.json")) as f:
        meta = json.load(f)
    keys = sorted(meta, key=lambda k: meta[k]["note"])
    feats, fam, pitch, vel = [], [], [], []
    for k in keys:
        sr, y = scipy.io.wavfile.read(os.path.join(FIXTURE, "audio", k + ".wav"))
        y = y.astype(np.float64) / 32768.0 if y.dtype == np.int16 else y.astype(np.float64)
        sdb = mel_db(y, sr)
        feats.append([np.mean(scipy.signal.cwt(sdb[i, :], scipy.signal.ricker, [25])[0]) for i in range(sdb.shape[0])])
        fam.append(meta[k]["instrument_family"])
        pitch.append(meta[k]["pitch"])
        vel.append(meta[k]["velocity"])
    return keys, np.array(feats), np.array(fam, dtype=np.int64), np.array(pitch, dtype=np.float64), np.array(vel, dtype=np.float64)


def logistic_case(name, xtr, ytr, xte, yte, c=1.0):
    """sklearn LogisticRegression(C, lbfgs, max_iter=1000) on float64 copies of the (float32) inputs."""
    out = {"C": c}
    for tag, tol in (("default", 1e-4), ("tight", 1e-10)):
        clf = LogisticRegression(C=c, solver="lbfgs", max_iter=1000 if tag == "default" else 100000, tol=tol)
        clf.fit(xtr.astype(np.float64), ytr)
        out[tag] = {
            "tol": tol,
            "n_iter": int(clf.n_iter_[0]),
            "classes": clf.classes_.tolist(),
            "coef": clf.coef_.tolist(),
            "intercept": clf.intercept_.tolist(),
            "train_accuracy": float(clf.score(xtr.astype(np.float64), ytr)),
            "test_accuracy": float(clf.score(xte.astype(np.float64), yte)),
            "test_predictions": clf.predict(xte.astype(np.float64)).tolist(),
        }
    save_json(name + ".json", out)


def linear_case(name, xtr, ytr, xte, yte, alphas=(1.0,)):
    xtr64, xte64 = xtr.astype(np.float64), xte.astype(np.float64)
    reg = LinearRegression().fit(xtr64, ytr)
    # The same least-squares problem with numpy's noise-robust cutoff max(n, p) * eps * s_max (Concord's default).
    xm, ym = xtr64.mean(0), ytr.mean()
    w_rob, _, rank_rob, _ = scipy.linalg.lstsq(xtr64 - xm, ytr - ym, cond=max(xtr.shape) * np.finfo(np.float64).eps)
    b_rob = ym - xm @ w_rob
    out = {
        "robust": {"rank": int(rank_rob), "coef": w_rob.tolist(), "intercept": float(b_rob),
                   "test_rmse": float(np.sqrt(np.mean((yte - xte64 @ w_rob - b_rob) ** 2)))},
        "coef": reg.coef_.tolist(),
        "intercept": float(reg.intercept_),
        "rank": int(reg.rank_),
        "train_rmse": float(np.sqrt(np.mean((ytr - reg.predict(xtr64)) ** 2))),
        "test_rmse": float(np.sqrt(np.mean((yte - reg.predict(xte64)) ** 2))),
        "test_r2": float(reg.score(xte64, yte)),
        "baseline_rmse": float(np.sqrt(np.mean((yte - ytr.mean()) ** 2))),
        "ridge": [],
    }
    for a in alphas:
        r = Ridge(alpha=a).fit(xtr64, ytr)
        out["ridge"].append({"alpha": a, "coef": r.coef_.tolist(), "intercept": float(r.intercept_),
                             "test_rmse": float(np.sqrt(np.mean((yte - r.predict(xte64)) ** 2)))})
    save_json(name + ".json", out)


class PaperProbe(torch.nn.Module):
    """The study's probe (Classify-*.ipynb): nn.Linear, softmax inside, CrossEntropyLoss outside."""

    def __init__(self, d, k):
        super().__init__()
        self.linear = torch.nn.Linear(d, k)

    def forward(self, x):
        return torch.nn.functional.softmax(self.linear(x), dim=1)


def paper_sgd_case(name, xtr, ytr, xte, yte, k, epochs=100):
    torch.set_num_threads(1)
    xtr_t, ytr_t = torch.from_numpy(xtr), torch.from_numpy(ytr)
    xte_t, yte_t = torch.from_numpy(xte), torch.from_numpy(yte)
    torch.manual_seed(1)
    model = PaperProbe(xtr.shape[1], k)
    save_npy(name + "_w0.npy", model.linear.weight.detach().numpy().copy())
    save_npy(name + "_b0.npy", model.linear.bias.detach().numpy().copy())
    crit = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    bs = 64
    hist = []
    for ep in range(epochs):
        model.train()
        correct, loss_sum = 0, 0.0
        for s in range(0, len(xtr), bs):
            xb, yb = xtr_t[s:s + bs], ytr_t[s:s + bs]
            opt.zero_grad()
            out = model(xb)
            loss = crit(out, yb)
            loss.backward()
            opt.step()
            loss_sum += float(loss.item()) * len(xb)
            correct += int((out.argmax(1) == yb).sum())
        model.eval()
        with torch.no_grad():
            out = model(xte_t)
            tloss = float(crit(out, yte_t).item())
            tacc = float((out.argmax(1) == yte_t).float().mean())
        hist.append({"train_loss": loss_sum / len(xtr), "train_accuracy": correct / len(xtr),
                     "test_loss": tloss, "test_accuracy": tacc})
    save_npy(name + "_w.npy", model.linear.weight.detach().numpy().copy())
    save_npy(name + "_b.npy", model.linear.bias.detach().numpy().copy())
    save_json(name + ".json", {"epochs": epochs, "batch_size": bs, "lr": 0.01, "momentum": 0.9, "seed": 1,
                               "classes": k, "history": hist, "final": hist[-1]})


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(20261124)

    # ---- NSynth wavelet_mean_w25 features
    keys, feats, fam, pitch, vel = wavelet_features()
    perm = np.random.RandomState(0).permutation(len(keys))
    tr, te = np.sort(perm[:168]), np.sort(perm[168:])
    feats32 = feats.astype(np.float32)
    save_npy("wavelet_mean_w25.npy", feats32)
    save_npy("wavelet_family.npy", fam)
    save_npy("wavelet_pitch.npy", pitch)
    save_npy("wavelet_velocity.npy", vel)
    save_npy("wavelet_train_index.npy", tr.astype(np.int64))
    save_npy("wavelet_test_index.npy", te.astype(np.int64))
    f64 = feats32.astype(np.float64)
    sc = StandardScaler().fit(f64[tr])
    sc_test = StandardScaler().fit(f64[te])
    save_json("wavelet_scaler.json", {"mean": sc.mean_.tolist(), "scale": sc.scale_.tolist(), "var": sc.var_.tolist(),
                                      "test_self_mean": sc_test.mean_.tolist(), "test_self_scale": sc_test.scale_.tolist(),
                                      "keys": keys})
    xs_tr, xs_te = sc.transform(f64[tr]), sc.transform(f64[te])
    logistic_case("wavelet_logistic", xs_tr, fam[tr], xs_te, fam[te], c=1.0)
    linear_case("wavelet_linear_pitch", xs_tr, pitch[tr], xs_te, pitch[te], alphas=(1.0, 10.0))
    # PaperSgd consumes exactly the float32 standardised matrices torch sees.
    ptr, pte = xs_tr.astype(np.float32), xs_te.astype(np.float32)
    save_npy("paper_sgd_wavelet_xtrain.npy", ptr)
    save_npy("paper_sgd_wavelet_xtest.npy", pte)
    fam_code = np.unique(fam, return_inverse=True)[1].astype(np.int64)  # LabelEncoder, as the study
    save_npy("paper_sgd_wavelet_ytrain.npy", fam_code[tr])
    save_npy("paper_sgd_wavelet_ytest.npy", fam_code[te])
    paper_sgd_case("paper_sgd_wavelet", ptr, fam_code[tr], pte, fam_code[te], k=8)

    # ---- planted logistic: 4 classes, 20 features, labels from a planted linear map plus noise
    n_tr, n_te, d, k = 300, 200, 20, 4
    w = rng.normal(size=(d, k))
    x = rng.normal(size=(n_tr + n_te, d)).astype(np.float32)
    y = np.argmax(x.astype(np.float64) @ w + 0.5 * rng.normal(size=(n_tr + n_te, k)), axis=1).astype(np.int64)
    save_npy("planted_logistic_x.npy", x)
    save_npy("planted_logistic_y.npy", y)
    logistic_case("planted_logistic", x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], c=1.0)
    logistic_case("planted_logistic_c01", x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], c=0.1)
    yb = (y >= 2).astype(np.int64) * 5 + 3   # two classes {3, 8}: sklearn's binary (one coefficient row) problem
    save_npy("planted_logistic_binary_y.npy", yb)
    logistic_case("planted_logistic_binary", x[:n_tr], yb[:n_tr], x[n_tr:], yb[n_tr:], c=1.0)

    # ---- planted linear regression: n > p, p > n (rank-deficient), duplicated columns
    def planted_linear(name, n_tr, n_te, p, dup=0, scale=1.0):
        x = (scale * rng.normal(size=(n_tr + n_te, p)) + rng.normal(size=p)).astype(np.float32)
        if dup:
            x[:, p - dup:] = x[:, :dup]
        w = rng.normal(size=p)
        y = x.astype(np.float64) @ w + 3.0 + 0.3 * rng.normal(size=n_tr + n_te)
        save_npy(name + "_x.npy", x)
        save_npy(name + "_y.npy", y)
        linear_case(name, x[:n_tr], y[:n_tr], x[n_tr:], y[n_tr:], alphas=(0.5, 5.0))

    planted_linear("planted_linear", 200, 100, 30)
    # p > n: the centred train matrix has one singular value that is zero in exact arithmetic and ~1e-15 * s_max in
    # floating point. sklearn's lstsq cutoff (eps * s_max) keeps it here (rank_ 60), so its answer carries a
    # rounding-noise direction; "robust" records the minimum-norm answer with numpy's cutoff max(n, p) * eps * s_max.
    planted_linear("planted_linear_wide", 60, 40, 150)
    planted_linear("planted_linear_dup", 120, 50, 24, dup=6)


if __name__ == "__main__":
    main()
