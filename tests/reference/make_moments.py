#!/usr/bin/python3
"""Reference values for the moment-based CKA null (Concord.Similarity.CkaMomentNull, PearsonTypeIII,
Concord.Numerics.SpecialFunctions.LogGamma/RegularizedGamma).

Run with Debian's python3: /usr/bin/python3 tests/reference/make_moments.py
Writes tests/Concord.Tests/Reference/similarity/moments.json: scipy's gammaln, gammainc, gammaincc and
scipy.stats.pearson3(skew, loc=mean, scale=sd).sf(t) on a grid of arguments.
"""
import json
import os

import numpy as np
import scipy
from scipy import special, stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Concord.Tests", "Reference", "similarity", "moments.json")

gamma = []
for a in [0.1, 0.5, 1.0, 2.5, 10.0, 57.3, 400.0, 1e4, 4e6]:
    for rel in [0.01, 0.3, 0.9, 1.0, 1.1, 2.0, 5.0]:
        x = a * rel if a > 10 else rel * 3
        gamma.append({"a": a, "x": x, "lgamma": float(special.gammaln(a)), "p": float(special.gammainc(a, x)),
                      "q": float(special.gammaincc(a, x))})

pearson = []
for skew in [-1.5, -0.4, -1e-3, 0.0, 2e-7, 1e-3, 0.05, 0.4, 1.0, 2.5]:
    for z in [-4.0, -1.0, 0.0, 0.7, 2.0, 3.5, 6.0]:
        mean, sd = 0.013, 0.0021
        t = mean + z * sd
        pearson.append({"skew": skew, "mean": mean, "sd": sd, "t": t, "sf": float(stats.pearson3(skew, loc=mean, scale=sd).sf(t))})

with open(OUT, "w") as f:
    json.dump({"versions": {"numpy": np.__version__, "scipy": scipy.__version__}, "gamma": gamma, "pearson3": pearson}, f, indent=1)
print("wrote", OUT)
