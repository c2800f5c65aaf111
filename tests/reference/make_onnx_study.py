"""A small imported network for the study-level tests of issue 16 (run with Debian's /usr/bin/python3: torch 1.13).

Writes tests/Concord.Tests/Reference/onnx/study_cnn.onnx and study_cnn_untrained.onnx: the same graph (input "mel"
[batch, 1, 128, 128], the synthetic dataset's mel size; Conv → ReLU → MaxPool → Conv → ReLU → MaxPool → Flatten →
Linear(8)), the second with its seeded initial weights, the first with those weights moved by a fixed random step
(it stands in for a trained network: the study only reads its layers, it never trains it).
"""
import collections
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Concord.Tests", "Reference", "onnx")


def net():
    return nn.Sequential(collections.OrderedDict([
        ("conv1", nn.Conv2d(1, 4, 5, stride=2)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(4, 8, 3, padding=1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(8 * 15 * 15, 8)),
    ]))


def export(model, name):
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 128, 128), os.path.join(OUT, name), input_names=["mel"], output_names=["logits"],
                      dynamic_axes={"mel": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(16)
    model = net()
    export(model, "study_cnn_untrained.onnx")
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.05 * torch.randn_like(p))
    export(model, "study_cnn.onnx")
    with open(os.path.join(OUT, "study_cnn.json"), "w") as f:
        json.dump({"generator": "tests/reference/make_onnx_study.py", "versions": {"torch": torch.__version__},
                   "files": ["study_cnn.onnx", "study_cnn_untrained.onnx"], "input": [1, 128, 128]}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
