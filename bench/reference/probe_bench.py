#!/usr/bin/python3
"""The study's probe recipe in PyTorch (Classify-*.ipynb, METHOD.md 7.1), timed, as the reference for the `probes` benchmark.

usage: /usr/bin/python3 bench/reference/probe_bench.py XTRAIN.npy YTRAIN.npy XTEST.npy YTEST.npy [EPOCHS] [THREADS]
Prints one JSON object: seconds (training loop plus per-epoch test pass), final-epoch metrics, torch version and BLAS.
"""
import json
import sys
import time

import numpy as np
import torch


class LogisticRegression(torch.nn.Module):
    def __init__(self, d, k):
        super().__init__()
        self.linear = torch.nn.Linear(d, k)

    def forward(self, x):
        return torch.nn.functional.softmax(self.linear(x), dim=1)


def main():
    xtr, ytr, xte, yte = (np.load(p) for p in sys.argv[1:5])
    epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 100
    threads = int(sys.argv[6]) if len(sys.argv) > 6 else 2
    torch.set_num_threads(threads)
    k = int(max(ytr.max(), yte.max())) + 1
    train = torch.utils.data.TensorDataset(torch.from_numpy(xtr), torch.from_numpy(ytr.astype(np.int64)))
    test = torch.utils.data.TensorDataset(torch.from_numpy(xte), torch.from_numpy(yte.astype(np.int64)))
    train_loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=False)
    test_loader = torch.utils.data.DataLoader(test, batch_size=64, shuffle=False)
    t0 = time.perf_counter()
    c0 = time.process_time()
    torch.manual_seed(1)
    model = LogisticRegression(xtr.shape[1], k)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    for _ in range(epochs):
        model.train()
        correct, total, loss_sum = 0, 0, 0.0
        for data, target in train_loader:
            optimizer.zero_grad()
            out = model(data)
            loss = criterion(out, target)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(target)
            correct += (out.argmax(1) == target).sum().item()
            total += len(target)
        model.eval()
        tc, tt = 0, 0
        with torch.no_grad():
            for data, target in test_loader:
                out = model(data)
                tc += (out.argmax(1) == target).sum().item()
                tt += len(target)
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    blas = [l.strip() for l in torch.__config__.show().splitlines() if "BLAS" in l]
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "train_loss": loss_sum / total, "train_accuracy": correct / total,
                      "test_accuracy": tc / tt, "torch": torch.__version__, "threads": threads, "blas": blas}))


if __name__ == "__main__":
    main()
