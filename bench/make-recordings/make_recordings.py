#!/usr/bin/python3
"""A recordings dataset of a few long files, for the `features` benchmark's recordings part (issue 13 §6).

usage: /usr/bin/python3 bench/make-recordings/make_recordings.py NSYNTH_DIR OUT [--files 5] [--minutes 2,4] [--rate 44100]

Concatenates the fluidsynth-rendered notes of NSYNTH_DIR (examples.json + audio/*.wav, 16 kHz; e.g. /work/data/realistic)
into FILES recordings whose lengths are spread evenly over the MINUTES range, resampled to RATE (44.1 kHz like CD
audio, so Concord's prepare resamples them to 22,050 Hz as it would real recordings) and written as 16-bit PCM WAV.
Recording i takes consecutive notes of one instrument family, so the label column `family` is a real label.
Writes OUT/audio/rec-NN.wav and OUT/labels.csv (path,family) in the layout of `--dataset recordings` (docs/datasets.md).
Deterministic: the same arguments give the same files.
"""
import argparse
import json
import os

import numpy as np
import scipy.io.wavfile
import scipy.signal


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("nsynth")
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=5)
    ap.add_argument("--minutes", default="2,4")
    ap.add_argument("--rate", type=int, default=44100)
    a = ap.parse_args()
    lo, hi = (float(x) for x in a.minutes.split(","))
    with open(os.path.join(a.nsynth, "examples.json")) as fh:
        notes = json.load(fh)
    by_family = {}
    for key, n in notes.items():
        by_family.setdefault(n["instrument_family_str"], []).append(key)
    families = sorted(by_family)
    os.makedirs(os.path.join(a.out, "audio"), exist_ok=True)
    rows = ["path,family"]
    for i in range(a.files):
        minutes = lo + (hi - lo) * i / max(1, a.files - 1)
        family = families[i % len(families)]
        keys = by_family[family]
        target = int(round(minutes * 60 * a.rate))
        parts, total, k = [], 0, 0
        while total < target:
            sr, d = scipy.io.wavfile.read(os.path.join(a.nsynth, "audio", keys[k % len(keys)] + ".wav"))
            y = scipy.signal.resample_poly(d.astype(np.float64) / 32768.0, a.rate // np.gcd(a.rate, sr), sr // np.gcd(a.rate, sr))
            parts.append(y)
            total += len(y)
            k += 1
        y = np.concatenate(parts)[:target]
        q = np.clip(np.round(y * 32767), -32768, 32767).astype(np.int16)
        name = f"audio/rec-{i:02d}.wav"
        scipy.io.wavfile.write(os.path.join(a.out, name), a.rate, q)
        rows.append(f"{name},{family}")
        print(f"{name}: {family}, {len(q) / a.rate:.1f} s, {k} notes")
    with open(os.path.join(a.out, "labels.csv"), "w") as fh:
        fh.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
