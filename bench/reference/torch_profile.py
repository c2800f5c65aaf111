#!/usr/bin/python3
"""Per-op cost of one Regular training step (batch 64, 128×128) in Debian's python3-torch, for the torch-profile benchmark
(bench/Concord.Bench/TorchProfileBenchmark.cs runs this as a subprocess with the tuned environment; it can also be run alone).

Usage: /usr/bin/python3 bench/reference/torch_profile.py [--threads 2] [--steps 10] [--warmup 3] [--batch 64] [--size 128]
Prints one JSON object:
- "layers": per stage, the median wall milliseconds over --steps of its forward and of its backward, each timed on its own
  (the stage's input is a detached leaf that requires a gradient when the stage's input gradient is part of training, as
  for every stage but conv1; the upstream gradient is fixed); the same method as the C# side;
- "profiler": torch.autograd.profiler over --steps full training steps (record_shapes), self CPU milliseconds per step for
  each aten op, summed over shapes.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "reference"))
from make_torch import Cnn  # noqa: E402


def stages(model):
    """The Regular forward as named stages, each a function of one tensor (cross-entropy is added by the caller)."""
    return [
        ("conv1", model.conv1), ("bn1", model.conv1_bn1), ("relu1", F.relu), ("pool1", model.pool1),
        ("conv2", model.conv2), ("bn2", model.conv2_bn2), ("relu2", F.relu), ("pool2", model.pool2),
        ("conv3", model.conv3), ("bn3", model.conv3_bn3), ("relu3", F.relu),
        ("flatten", lambda t: t.reshape(t.shape[0], -1)),
        ("fc1", model.fc1), ("relu4", F.relu), ("fc2", model.fc2),
    ]


def layer_times(model, x, y, steps, warmup):
    model.train()
    out = {}
    h = x
    for name, f in stages(model) + [("loss", lambda t: F.cross_entropy(t, y))]:
        leaf = h.detach().requires_grad_(name != "conv1")
        fwd, bwd = [], []
        for i in range(warmup + steps):
            for p in model.parameters():
                p.grad = None
            t = time.perf_counter(); o = f(leaf); t1 = time.perf_counter()
            g = torch.ones_like(o) if o.dim() == 0 else torch.remainder(torch.arange(o.numel(), dtype=o.dtype), 7).sub(3).reshape(o.shape).mul(1e-3)
            t2 = time.perf_counter(); o.backward(g); t3 = time.perf_counter()
            if i >= warmup:
                fwd.append(t1 - t); bwd.append(t3 - t2)
        out[name] = {"forward_ms": 1000 * statistics.median(fwd), "backward_ms": 1000 * statistics.median(bwd)}
        with torch.no_grad():
            h = f(leaf.detach()) if name != "loss" else h
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--size", type=int, default=128)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x = torch.randn(a.batch, 1, a.size, a.size)
    y = torch.randint(0, 8, (a.batch,))
    model = Cnn("Regular", a.size, a.size, 8)
    opt = torch.optim.SGD(model.parameters(), lr=0.005, momentum=0.9)
    model.train()

    def step():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()

    for _ in range(a.warmup):
        step()
    step_s = []
    for _ in range(a.steps):
        t = time.perf_counter(); step(); step_s.append(time.perf_counter() - t)
    sgd_s, zero_s = [], []
    for i in range(a.warmup + a.steps):
        F.cross_entropy(model(x), y).backward()
        t = time.perf_counter(); opt.step(); t1 = time.perf_counter(); opt.zero_grad(); t2 = time.perf_counter()
        if i >= a.warmup:
            sgd_s.append(t1 - t); zero_s.append(t2 - t1)
    with torch.autograd.profiler.profile(record_shapes=True) as prof:
        for _ in range(a.steps):
            step()
    ops = {}
    for e in prof.key_averages():
        ops[e.key] = ops.get(e.key, 0.0) + e.self_cpu_time_total / 1000 / a.steps
    env = {k: v for k, v in os.environ.items() if k.startswith(("MALLOC_", "OMP_", "GOMP_"))}
    print(json.dumps({
        "torch": torch.__version__, "threads": torch.get_num_threads(), "mkldnn": torch.backends.mkldnn.is_available(),
        "environment": " ".join(f"{k}={v}" for k, v in sorted(env.items())) or "defaults",
        "step_ms": 1000 * statistics.median(step_s),
        "sgd_step_ms": 1000 * statistics.median(sgd_s), "zero_grad_ms": 1000 * statistics.median(zero_s),
        "layers": layer_times(model, x, y, a.steps, a.warmup),
        "profiler": dict(sorted(ops.items(), key=lambda kv: -kv[1])),
    }))


if __name__ == "__main__":
    main()
