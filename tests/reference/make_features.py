#!/usr/bin/python3
"""Reference fixtures for Concord.Features (issue 3; METHOD.md §4).

Run with Debian's python3 (numpy 1.24, scipy 1.10, pywt 1.1):

    /usr/bin/python3 tests/reference/make_features.py [--fixture ../shared/data/nsynth-fixture]

librosa is not packaged, so its formulas (0.8.0 for the `paper` profile, 0.10.2 for `corrected`) are re-implemented
here in numpy with librosa's dtypes: STFT in float64 stored as complex64, float32 magnitudes, Slaney mel bank stored in
float32, power_to_db(ref=max, amin=1e-10, top_db=80) in float32. The dB mel spectrogram of each case is written as an
input too, so the C# feature tests do not depend on the spectral front end. The hand-crafted features follow the
authors' notebook code (NSynth-Pre-Process.ipynb cells 16-34) literally: np.apply_along_axis for power and time-to-dB,
scipy.signal.cwt/ricker, scipy.stats.kurtosis, np.quantile, pywt.dwt2.

Outputs under tests/Concord.Tests/Reference/features/:
  manifest.json                  cases, parameters, library versions, and for each case/profile the layout of expected.npy
  <case>.audio.npy               int16 samples of the synthetic clips (scale 1/32768); NSynth cases name the fixture wav
  <case>.<pad>.melDb.npy         float32 [128, T] dB mel input (pad = reflect | constant)
  <case>.<profile>.expected.npy  float64 vector, every feature concatenated in manifest order
  short.<pad>.stftPower.npy      float32 [1025, T] power spectrogram of a short clip (spectral formulas on a given STFT)
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import pywt
import scipy
import scipy.io.wavfile
import scipy.signal
import scipy.stats

N_FFT = 2048
HOP = 502
N_MELS = 128
FMAX = 8000.0
TOP_DB = 80.0
AMIN = 1e-10
DEFAULT_SR = 22050
WIDTHS = [1, 5, 10, 25]
STATS = ["median", "std", "var", "kurtosis", "q25", "q75"]
TIME_STATS = ["mean"] + STATS
KURTOSIS_OF_CONSTANT = 0.0

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "Concord.Tests", "Reference", "features"))


# ---------------------------------------------------------------- librosa formulas (numpy)

def stft_complex64(y, pad_mode):
    """librosa.stft(y, n_fft=2048, hop_length=502, center=True, window='hann', pad_mode=...)."""
    window = scipy.signal.get_window("hann", N_FFT, fftbins=True)  # periodic, float64
    yp = np.pad(y, (N_FFT // 2, N_FFT // 2), mode=pad_mode)
    frames = 1 + (len(yp) - N_FFT) // HOP
    idx = np.arange(N_FFT)[:, None] + HOP * np.arange(frames)[None, :]
    x = yp[idx]  # float32 frames [n_fft, T]
    return np.fft.rfft(window[:, None] * x, axis=0).astype(np.complex64)


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=float)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, mels)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=float)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filters(sr):
    """librosa.filters.mel(sr=sr, n_fft=2048, n_mels=128, fmax=8000), Slaney scale and norm, float32."""
    weights = np.zeros((N_MELS, 1 + N_FFT // 2), dtype=np.float32)
    fftfreqs = np.fft.rfftfreq(n=N_FFT, d=1.0 / sr)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(FMAX), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    for i in range(N_MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:N_MELS + 2] - mel_f[:N_MELS])
    weights *= enorm[:, np.newaxis]
    return weights


def mel_db(y, sr, pad_mode):
    """power_to_db(melspectrogram(y, sr, n_mels=128, fmax=8000, hop_length=502), ref=np.max), float32 [128, T]."""
    S = np.abs(stft_complex64(y, pad_mode)) ** 2
    M = np.einsum("ft,mf->mt", S, mel_filters(sr), optimize=True)
    ref = np.max(M)
    log_spec = 10.0 * np.log10(np.maximum(AMIN, M))
    log_spec -= 10.0 * np.log10(np.maximum(AMIN, ref))
    log_spec = np.maximum(log_spec, log_spec.max() - TOP_DB)
    return log_spec.astype(np.float32)


def l1_normalize_columns(S):
    """librosa.util.normalize(S, norm=1, axis=-2) with the default threshold tiny(S) and fill=None."""
    length = np.sum(np.abs(S).astype(float), axis=0, keepdims=True)
    length[length < np.finfo(S.dtype).tiny] = 1.0
    out = np.empty_like(S)
    out[:] = S / length
    return out


def spectral_features(mag, sr):
    """centroid, bandwidth (p=2, norm=True), rolloff (0.85), flatness (amin 1e-10, power 2) from |STFT| (float32)."""
    freq = np.fft.rfftfreq(n=N_FFT, d=1.0 / sr)[:, None]
    Sn = l1_normalize_columns(mag)
    centroid = np.sum(freq * Sn, axis=0, keepdims=True)
    deviation = np.abs(np.subtract.outer(centroid[0, :], freq[:, 0]).swapaxes(-2, -1))
    bandwidth = np.sum(Sn * deviation ** 2, axis=0, keepdims=True) ** 0.5
    total = np.cumsum(mag, axis=0)
    threshold = 0.85 * total[-1, :]
    ind = np.where(total < threshold[None, :], np.nan, 1)
    rolloff = np.nanmin(ind * freq, axis=0, keepdims=True)
    S_thresh = np.maximum(AMIN, mag ** 2.0)
    gmean = np.exp(np.mean(np.log(S_thresh), axis=0, keepdims=True))
    amean = np.mean(S_thresh, axis=0, keepdims=True)
    flatness = gmean / amean
    return {"spectral_centroid": centroid[0], "spectral_bandwidth": bandwidth[0],
            "spectral_flatness": flatness[0], "spectral_rolloff": rolloff[0]}


def rms(y, pad_mode):
    """librosa.feature.rms(y=y, frame_length=2048, hop_length=502, center=True, pad_mode=...), float32."""
    yp = np.pad(y, (N_FFT // 2, N_FFT // 2), mode=pad_mode)
    frames = 1 + (len(yp) - N_FFT) // HOP
    idx = np.arange(N_FFT)[:, None] + HOP * np.arange(frames)[None, :]
    x = yp[idx]
    power = np.mean(np.abs(x) ** 2, axis=0, keepdims=True, dtype=np.float32)
    return np.sqrt(power)[0]


# ---------------------------------------------------------------- the authors' feature code

def get0_power(a, threshold, sentinel):
    mint = -80
    if threshold == mint:
        idx = np.where(a == threshold)[0]
    else:
        idx = np.where(a <= threshold)[0]
    if len(idx) > 1:
        idx = idx[0]
    elif len(idx) == 0:
        idx = sentinel
    return idx


def ricker_same(row, width):
    """np/scipy 'same' convolution with ricker(min(10a, N), a), written out (METHOD.md §4.3); checked against cwt."""
    n = len(row)
    m = min(10 * width, n)
    psi = scipy.signal.ricker(m, width)
    c = (m - 1) // 2
    out = np.zeros(n)
    for k in range(n):
        for j in range(n):
            t = c - (j - k)
            if 0 <= t < m:
                out[k] += row[j] * psi[t]
    return out


def kurtosis(W, axis):
    k = scipy.stats.kurtosis(W, axis=axis)  # fisher=True, bias=True; NaN for (near-)constant rows
    return np.where(np.isnan(k), KURTOSIS_OF_CONSTANT, k)


def stat(W, name, axis):
    if name == "mean": return np.mean(W, axis=axis)
    if name == "median": return np.median(W, axis=axis)
    if name == "std": return np.std(W, axis=axis)
    if name == "var": return np.var(W, axis=axis)
    if name == "kurtosis": return kurtosis(W, axis)
    if name == "q25": return np.quantile(W, 0.25, axis=axis)
    if name == "q75": return np.quantile(W, 0.75, axis=axis)
    raise ValueError(name)


def mel_features(SdB, sentinel, time_axis=True):
    """Everything computed from the dB mel spectrogram, in float64 vectors keyed by Concord's feature names
    (without the time-axis wavelet variants when time_axis is False: the paper set, bench/reference/features_bench.py)."""
    f = {}
    f["median_power"] = np.apply_along_axis(np.median, 0, SdB)
    f["mean_power"] = np.apply_along_axis(np.mean, 0, SdB)
    for th in (80, 75, 70):
        f[f"time_to_{th}db"] = np.apply_along_axis(get0_power, 1, SdB, -th, sentinel).flatten()
    cw = {}
    for w in WIDTHS:
        cw[w] = np.array([scipy.signal.cwt(SdB[i, :], scipy.signal.ricker, [w])[0] for i in range(SdB.shape[0])])
        f[f"wavelet_mean_w{w}"] = np.array([np.mean(cw[w][i]) for i in range(SdB.shape[0])])
    for s in STATS:
        f[f"wavelet_{s}_w25"] = stat(cw[25], s, axis=1)
    f["wavelet_combined"] = np.hstack([f[f"wavelet_{s}_w25"] for s in STATS])
    f["top_combined"] = np.hstack([f["mean_power"], f["time_to_70db"], f["wavelet_mean_w25"]]
                                  + [f[f"wavelet_{s}_w25"] for s in STATS])
    if not time_axis:
        return f
    for w in WIDTHS:
        Wt = np.array([scipy.signal.cwt(SdB[:, t], scipy.signal.ricker, [w])[0] for t in range(SdB.shape[1])])  # [T, mels]
        for s in TIME_STATS:
            f[f"wavelet_time_{s}_w{w}"] = stat(Wt, s, axis=1)
    return f


def dwt_features(SdB):
    f = {}
    for name, wav in (("db10", "db10"), ("bior13", "bior1.3")):
        _, (cH, cV, _) = pywt.dwt2(SdB.astype(np.float64), wav, mode="symmetric")
        f[f"dwt2_{name}_h"] = cH.flatten()
        f[f"dwt2_{name}_v"] = cV.flatten()
    return f


# ---------------------------------------------------------------- cases

def synthetic_clips():
    """Two deterministic 4 s clips at 22,050 Hz (88,200 samples, 176 frames), int16-quantised."""
    sr = 22050
    t = np.arange(4 * sr) / sr
    rng = np.random.default_rng(20261124)
    # a plucked harmonic tone with a noise burst: decays through -80 dB in most bins
    pluck = sum(np.sin(2 * np.pi * 220 * h * t) / h for h in range(1, 9)) * np.exp(-t / 0.35)
    pluck[: sr // 20] += 0.3 * rng.standard_normal(sr // 20)
    # a sustained chord with vibrato and breath noise: many bins never reach -70 dB
    chord = sum(np.sin(2 * np.pi * f0 * t + 3 * np.sin(2 * np.pi * 5 * t)) for f0 in (261.63, 329.63, 392.0, 523.25))
    chord = chord * np.minimum(1.0, t / 0.1) + 0.02 * rng.standard_normal(len(t))
    out = {}
    for name, x in (("synth22k_pluck", pluck), ("synth22k_chord", chord)):
        q = np.clip(np.round(x / np.max(np.abs(x)) * 0.8 * 32767), -32768, 32767).astype(np.int16)
        out[name] = (sr, q)
    return out


def sha256(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixture", default=os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "nsynth-fixture")))
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)

    # self-check: the written-out 'same' convolution equals scipy.signal.cwt exactly enough
    rng = np.random.default_rng(1)
    for n in (128, 176):
        row = rng.uniform(-80, 0, n).astype(np.float32)
        for w in WIDTHS:
            assert np.max(np.abs(ricker_same(row, w) - scipy.signal.cwt(row, scipy.signal.ricker, [w])[0])) < 1e-9

    nsynth = ["brass_acoustic_000-028-025", "keyboard_acoustic_001-059-050", "mallet_acoustic_000-083-075"]
    # pick the fixture note (string or reed family, sustained) with the most mel bins that never reach -70 dB
    audio_dir = os.path.join(args.fixture, "audio")
    best, best_count = None, -1
    for fn in sorted(os.listdir(audio_dir)):
        if not (fn.startswith("string") or fn.startswith("reed")):
            continue
        sr, d = scipy.io.wavfile.read(os.path.join(audio_dir, fn))
        SdB = mel_db(d.astype(np.float32) / 32768.0, sr, "reflect")
        never = int(np.sum(np.all(SdB > -70, axis=1)))
        if never > best_count:
            best, best_count = fn[:-4], never
    assert best_count > 0, "no fixture note with a bin that never reaches -70 dB"
    nsynth.append(best)

    cases = []
    inputs = {}
    for name in nsynth:
        path = os.path.join(audio_dir, name + ".wav")
        sr, d = scipy.io.wavfile.read(path)
        inputs[name] = (sr, d, {"source": "nsynth-fixture", "wav": f"audio/{name}.wav", "sha256": sha256(path)})
    for name, (sr, q) in synthetic_clips().items():
        p = os.path.join(OUT, f"{name}.audio.npy")
        np.save(p, q)
        inputs[name] = (sr, q, {"source": "synthetic", "npy": os.path.basename(p), "scale": 1.0 / 32768})

    profiles = {"paper": {"pad": "reflect", "sr_mode": "default22050", "sentinel": "constant128"},
                "corrected": {"pad": "constant", "sr_mode": "true", "sentinel": "frames"}}
    dwt_cases = {"brass_acoustic_000-028-025", "synth22k_pluck"}
    for name, (sr, d, info) in inputs.items():
        y = d.astype(np.float32) / np.float32(32768.0)
        case = {"name": name, "sampleRateHz": int(sr), "samples": int(len(y)), **info, "profiles": {}}
        for prof, p in profiles.items():
            SdB = mel_db(y, sr, p["pad"])
            mel_file = f"{name}.{p['pad']}.melDb.npy"
            np.save(os.path.join(OUT, mel_file), np.ascontiguousarray(SdB))
            T = SdB.shape[1]
            sentinel = 128 if p["sentinel"] == "constant128" else T
            feats = {"rms": rms(y, p["pad"]).astype(np.float64)}
            mag = np.abs(stft_complex64(y, p["pad"]))
            for k, v in spectral_features(mag, DEFAULT_SR if p["sr_mode"] == "default22050" else sr).items():
                feats[k] = np.asarray(v, dtype=np.float64)
            for k, v in mel_features(SdB, sentinel).items():
                feats[k] = np.asarray(v, dtype=np.float64)
            if name in dwt_cases:
                feats.update(dwt_features(SdB))
            layout, vec, off = [], [], 0
            for k, v in feats.items():
                layout.append({"name": k, "offset": off, "length": int(len(v))})
                vec.append(v)
                off += len(v)
            exp_file = f"{name}.{prof}.expected.npy"
            np.save(os.path.join(OUT, exp_file), np.concatenate(vec))
            never70 = int(np.sum(np.all(SdB > -70, axis=1)))
            case["profiles"][prof] = {"melDb": mel_file, "expected": exp_file, "frames": int(T), "layout": layout,
                                      "binsNeverReaching70db": never70}
        cases.append(case)

    # a short clip whose float32 power STFT is committed, to test the spectral formulas on a given spectrogram
    sr = 16000
    t = np.arange(sr) / sr
    short = (0.5 * np.sin(2 * np.pi * 440 * t) + 0.25 * np.sin(2 * np.pi * 3000 * t)) * np.exp(-t / 0.3)
    short[-4000:] = 0.0  # trailing digital silence: silent frames
    short = short.astype(np.float32)
    short_cases = {}
    for pad in ("reflect", "constant"):
        X = stft_complex64(short, pad)
        P = (np.abs(X) ** 2).astype(np.float32)
        np.save(os.path.join(OUT, f"short.{pad}.stftPower.npy"), np.ascontiguousarray(P))
        mag = np.sqrt(P)  # what a consumer of the power spectrogram sees
        res = {}
        for sr_used in (16000, DEFAULT_SR):
            res[str(sr_used)] = {k: [float(x) for x in v] for k, v in spectral_features(mag, sr_used).items()}
        res["rms"] = [float(x) for x in rms(short, pad)]
        short_cases[pad] = {"stftPower": f"short.{pad}.stftPower.npy", "features": res}
    np.save(os.path.join(OUT, "short.audio.npy"), short)

    manifest = {
        "generator": "tests/reference/make_features.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "pywt": pywt.__version__, "librosa": "formulas of 0.8.0 (paper) and 0.10.2 (corrected), re-implemented"},
        "parameters": {"n_fft": N_FFT, "hop_length": HOP, "n_mels": N_MELS, "fmax": FMAX, "top_db": TOP_DB, "amin": AMIN,
                       "roll_percent": 0.85, "flatness_power": 2.0, "widths": WIDTHS,
                       "kurtosisOfConstant": KURTOSIS_OF_CONSTANT},
        "profiles": profiles,
        "cases": cases,
        "short": {"audio": "short.audio.npy", "sampleRateHz": 16000, "byPad": short_cases},
    }
    with open(os.path.join(OUT, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
    print("wrote", OUT, "never-70 note:", best, best_count)


if __name__ == "__main__":
    main()
