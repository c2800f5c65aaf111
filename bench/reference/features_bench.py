#!/usr/bin/python3
"""The authors' per-clip feature pipeline (METHOD.md §4, paper profile), timed, as the reference for the `features` benchmark.

usage: /usr/bin/python3 bench/reference/features_bench.py NSYNTH_DIR [N]

For the first N notes of NSYNTH_DIR/examples.json (default all), in one process: read the WAV, compute the dB mel
spectrogram and every feature of Concord's `paper` set (rms, the four spectral features, median/mean power, time to
80/75/70 dB, the four Ricker wavelet means, the six width-25 statistics and the two composites). Prints one JSON object:
clips, seconds (wall, from the first read to the last feature; interpreter start and imports are reported apart as
startup_seconds), cpu_seconds, clips_per_second and the library versions.

This is NOT librosa. librosa is not packaged for Debian, so its formulas (0.8.0, the paper's version) run as the numpy
port in tests/reference/make_features.py, with librosa's dtypes; the authors' own code (np.apply_along_axis,
scipy.signal.cwt/ricker, scipy.stats.kurtosis, np.quantile) runs as they wrote it. The port is conservative: the
spectral features share one STFT and the width-25 statistics reuse the width-25 CWT, where the authors' librosa calls
recompute the STFT per feature and their cell 34 recomputes the CWT, so the real pipeline is slower than this.
"""
import json
import os
import sys
import time

T_START = time.perf_counter()
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "reference"))

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.io.wavfile  # noqa: E402
import pywt  # noqa: E402

import make_features as mf  # noqa: E402

PAD = "reflect"            # librosa 0.8 centre padding (paper profile)
SENTINEL = 128             # get0_power's hard-coded "never reached" value (paper profile)
PAPER = ["rms", "spectral_centroid", "spectral_bandwidth", "spectral_flatness", "spectral_rolloff", "median_power",
         "mean_power", "time_to_80db", "time_to_75db", "time_to_70db", "wavelet_mean_w1", "wavelet_mean_w5",
         "wavelet_mean_w10", "wavelet_mean_w25"] + [f"wavelet_{s}_w25" for s in mf.STATS] + ["wavelet_combined", "top_combined"]


def clip_features(path):
    """Every paper feature of one WAV file, as the authors' pipeline computes them (sr not passed to the spectral features)."""
    sr, d = scipy.io.wavfile.read(path)
    y = d.astype(np.float32) / np.float32(32768.0)
    sdb = mf.mel_db(y, sr, PAD)
    feats = {"rms": mf.rms(y, PAD)}
    feats.update(mf.spectral_features(np.abs(mf.stft_complex64(y, PAD)), mf.DEFAULT_SR))
    feats.update(mf.mel_features(sdb, SENTINEL, time_axis=False))
    return [np.asarray(feats[name], dtype=np.float64) for name in PAPER]


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "examples.json")) as fh:
        keys = list(json.load(fh))
    n = int(sys.argv[2]) if len(sys.argv) > 2 else len(keys)
    files = [os.path.join(root, "audio", k + ".wav") for k in keys[:n]]
    startup = time.perf_counter() - T_START
    t0, c0 = time.perf_counter(), time.process_time()
    values = 0
    for f in files:
        values += sum(len(v) for v in clip_features(f))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"clips": len(files), "seconds": seconds, "cpu_seconds": cpu, "startup_seconds": startup,
                      "clips_per_second": len(files) / seconds, "values": values, "features": len(PAPER),
                      "implementation": "numpy/scipy port of librosa 0.8.0 formulas (tests/reference/make_features.py), not librosa",
                      "python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "pywt": pywt.__version__}))


if __name__ == "__main__":
    main()
