#!/usr/bin/python3
"""Per-batch training and inference time of Regular and Deformable (authors' layer ported line by line) in Debian's
python3-torch, for the torch-train benchmark (bench/Concord.Bench/TorchTrainBenchmark.cs runs this as a subprocess).

Usage: /usr/bin/python3 bench/reference/torch_bench.py [--threads 2] [--batches 8] [--warmup 2] [--batch 64] [--size 128]
Prints one JSON object: {"torch": ..., "blas": ..., "malloc": ..., "results": {"Regular": {"train_s": [...], "infer_s": [...]},
...}} with the seconds of every timed batch (after --warmup untimed ones). The benchmark runs it twice per round: once in
the default environment and once with MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 OMP_WAIT_POLICY=PASSIVE (the environment form of
Concord's process settings, TorchRuntime.ConfigureProcess), reported in "malloc".
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "reference"))
from make_torch import Cnn  # noqa: E402  (the same model definitions the parity fixtures use)


def blas_info():
    cfg = torch.__config__.show()
    keys = [p.strip().split(": ")[-1] for p in cfg.replace("\n", ",").split(",") if any(k in p for k in ("BLAS_INFO=", "USE_MKLDNN=", "LAPACK_INFO="))]
    alt = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    return ", ".join(keys) + f", libblas.so.3 -> {alt}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batches", type=int, default=8)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--size", type=int, default=128)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    malloc = {k: v for k, v in os.environ.items() if k.startswith(("MALLOC_", "OMP_", "GOMP_"))}
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_info(),
           "malloc": " ".join(f"{k}={v}" for k, v in sorted(malloc.items())) or "defaults", "results": {}}
    x = torch.randn(a.batch, 1, a.size, a.size)
    y = torch.randint(0, 8, (a.batch,))
    for arch in ("Regular", "Deformable"):
        model = Cnn(arch, a.size, a.size, 8)
        opt = torch.optim.SGD(model.parameters(), lr=0.005, momentum=0.9)
        model.train()

        def step():
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()

        for _ in range(a.warmup):
            step()
        train = []
        for _ in range(a.batches):
            t = time.perf_counter(); step(); train.append(time.perf_counter() - t)
        model.eval()
        infer = []
        with torch.no_grad():
            for _ in range(a.warmup):
                model(x)
            for _ in range(a.batches):
                t = time.perf_counter(); model(x); infer.append(time.perf_counter() - t)
        out["results"][arch] = {"train_s": train, "infer_s": infer}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
