#!/usr/bin/python3
"""Reference fixtures for Concord.Onnx (run with Debian's /usr/bin/python3: torch 1.13, numpy 1.24; torch.onnx.export
needs no onnx package).

Writes tests/Concord.Tests/Reference/onnx/:
  inputs.npy            float32 [5, 32, 24] dB-like spectrograms in [-80, 0] (H = 32 mel bins, W = 24 frames)
  cnn.onnx              a 2-D CNN with BatchNorm (random weights and running statistics, eval mode), input [batch, 1, 32, 24]
                        with a dynamic batch; Concord feeds it with per-clip z-scoring (ddof 0)
  conv1d.onnx           a 1-D conv net over frames with the mel bins as channels, input [1, 32, 24] (fixed batch of 1);
                        Concord feeds it with the given mean -40 and sd 20
  <net>_<module>.npy    float64 [5, ...] the PyTorch module's output (forward hook) for the five inputs, computed in
                        float64 with the same weights
  onnx.json             versions, input adaptation, and per network the hooked modules in graph order with the ONNX
                        operator each one's tensor comes from and its scope (or, for a graph output, its exact tensor name) (export folds eval-mode BatchNorm into the Conv before it,
                        so a Conv's ONNX output is the BatchNorm module's output)

Usage: /usr/bin/python3 tests/reference/make_onnx.py
"""
import collections
import json
import os

import numpy as np
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Concord.Tests", "Reference", "onnx")
VERSIONS = {"torch": torch.__version__, "numpy": np.__version__}
H, W, N = 32, 24, 5


def cnn():
    return nn.Sequential(collections.OrderedDict([
        ("conv1", nn.Conv2d(1, 4, 3)), ("bn1", nn.BatchNorm2d(4)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(4, 6, 3, padding=1)), ("bn2", nn.BatchNorm2d(6)), ("relu2", nn.ReLU()), ("pool2", nn.AvgPool2d(2)),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(6 * 7 * 5, 3)),
    ]))


def conv1d():
    return nn.Sequential(collections.OrderedDict([
        ("conv1", nn.Conv1d(H, 8, 5)), ("act1", nn.ReLU()), ("pool1", nn.MaxPool1d(2)),
        ("conv2", nn.Conv1d(8, 6, 3, padding=1)), ("act2", nn.Tanh()), ("gap", nn.AdaptiveAvgPool1d(1)),
    ]))


def randomise_bn(net):
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.3, 0.3)


def activations(net, modules, x):
    """float64 outputs of the named modules for input x (float64)."""
    net64 = net.double().eval()
    store = {}
    hooks = [getattr(net64, m).register_forward_hook(lambda _m, _i, o, m=m: store.__setitem__(m, o.detach().numpy()))
             for m in modules]
    with torch.no_grad():
        out = net64(x.double())
    for h in hooks:
        h.remove()
    return store, out.detach().numpy()


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20261205)
    inputs = (-80 * torch.rand(N, H, W)).float()
    np.save(os.path.join(OUT, "inputs.npy"), inputs.numpy())
    meta = {"generator": "tests/reference/make_onnx.py", "versions": VERSIONS, "inputs": "inputs.npy", "networks": {}}

    # 2-D CNN with BatchNorm, per-clip z-scored input [B, 1, H, W]
    net = cnn()
    randomise_bn(net)
    net.eval()
    torch.onnx.export(net, torch.zeros(1, 1, H, W), os.path.join(OUT, "cnn.onnx"), input_names=["mel"],
                      output_names=["logits"], dynamic_axes={"mel": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    flat = inputs.reshape(N, -1).double()
    z = ((flat - flat.mean(1, keepdim=True)) / flat.std(1, unbiased=False, keepdim=True)).reshape(N, 1, H, W)
    modules = ["bn1", "relu1", "pool1", "bn2", "relu2", "pool2"]
    acts, out = activations(net, modules, z)
    for m in modules:
        np.save(os.path.join(OUT, f"cnn_{m}.npy"), acts[m])
    np.save(os.path.join(OUT, "cnn_logits.npy"), out)
    meta["networks"]["cnn"] = {
        "file": "cnn.onnx", "layout": "n1hw", "normalization": "PerClipZScore",
        "auto": [{"module": "bn1", "scope": "conv1", "op": "Conv"}, {"module": "relu1", "scope": "relu1", "op": "Relu"},
                 {"module": "pool1", "scope": "pool1", "op": "MaxPool"}, {"module": "bn2", "scope": "conv2", "op": "Conv"},
                 {"module": "relu2", "scope": "relu2", "op": "Relu"}, {"module": "pool2", "scope": "pool2", "op": "AveragePool"}],
        "output": {"tensor": "logits", "file": "cnn_logits.npy"},
    }

    # 1-D conv net over frames, mel bins as channels [1, H, W], given mean and sd
    net = conv1d()
    net.eval()
    torch.onnx.export(net, torch.zeros(1, H, W), os.path.join(OUT, "conv1d.onnx"), input_names=["mel"],
                      output_names=["pooled"], opset_version=13)
    mean, sd = -40.0, 20.0
    modules = ["conv1", "act1", "pool1", "conv2", "act2", "gap"]
    acts, _ = activations(net, modules, (inputs.double() - mean) / sd)
    for m in modules:
        np.save(os.path.join(OUT, f"conv1d_{m}.npy"), acts[m])
    meta["networks"]["conv1d"] = {
        "file": "conv1d.onnx", "layout": "nhw", "normalization": "Given", "mean": mean, "sd": sd,
        "auto": [{"module": "conv1", "scope": "conv1", "op": "Conv"}, {"module": "act1", "scope": "act1", "op": "Relu"},
                 {"module": "pool1", "scope": "pool1", "op": "MaxPool"}, {"module": "conv2", "scope": "conv2", "op": "Conv"},
                 {"module": "act2", "scope": "act2", "op": "Tanh"}, {"module": "gap", "tensor": "pooled", "op": "GlobalAveragePool"}],
    }
    with open(os.path.join(OUT, "onnx.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
