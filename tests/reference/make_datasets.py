"""Reference fixtures for Concord.Datasets (run with Debian's /usr/bin/python3; numpy 1.24).

Writes tests/Concord.Tests/Reference/datasets/numpy_legacy_random.json: the outputs of NumPy's legacy
RandomState (np.random.seed) for the calls Concord reproduces: raw 32-bit draws, permutation, and the
paper's choice-based 70/30 split (METHOD.md section 3.1, cell 28).
"""
import json
import os
import sys

import numpy as np

out_dir = os.path.join(os.path.dirname(__file__), "..", "Concord.Tests", "Reference", "datasets")
os.makedirs(out_dir, exist_ok=True)

cases = []
for seed in (0, 17, 4294967295):
    # Raw 32-bit draws: RandomState does not expose them, so seed the bit generator the legacy way.
    bg = np.random.MT19937()
    bg._legacy_seeding(seed)
    raw = [int(v) for v in bg.random_raw(8)]
    rs = np.random.RandomState(seed)
    perm = [int(v) for v in rs.permutation(20)]
    np.random.seed(seed)
    choice = [int(v) for v in np.random.choice(1000, 300, replace=False)]
    cases.append({"seed": seed, "raw_uint32": raw, "permutation_20": perm, "choice_1000_300": choice})

# The paper's split: np.random.seed(17); test = choice(50000, 15000, replace=False); train = delete(arange, test).
np.random.seed(17)
test = np.random.choice(50000, 15000, replace=False)
train = np.delete(np.arange(50000), test)
paper = {
    "n": 50000, "k": 15000, "seed": 17,
    "test_first_20": [int(v) for v in test[:20]],
    "test_last_5": [int(v) for v in test[-5:]],
    "test_sum": int(test.sum()),
    "train_first_10": [int(v) for v in train[:10]],
}
# A 2^33-sized interval exercises the 64-bit rejection path.
rs = np.random.RandomState(5)
big = [int(rs.randint(0, 2**33 + 1, dtype=np.int64)) for _ in range(4)]

doc = {
    "generator": "tests/reference/make_datasets.py",
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__},
    "cases": cases,
    "paper_split": paper,
    "randint_2pow33_seed5": big,
}
with open(os.path.join(out_dir, "numpy_legacy_random.json"), "w") as f:
    json.dump(doc, f, indent=1)
print("wrote", os.path.join(out_dir, "numpy_legacy_random.json"))
