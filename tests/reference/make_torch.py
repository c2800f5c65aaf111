#!/usr/bin/python3
"""Reference fixtures for Concord.Torch (run with Debian's /usr/bin/python3: torch 1.13, torchvision 0.14, numpy 1.24).

Writes tests/Concord.Torch.Tests/Reference/torch/:
  deform_{paper,zeropad}.json + .npy   deformable convolution forward and gradients (float64) for given offsets:
                                       'paper' is the authors' layer (4uiiurz1/pytorch-deform-conv-v2 @ 529abbb) ported
                                       line by line; 'zeropad' is torchvision.ops.deform_conv2d with the METHOD.md §2.3 map.
  arch_<name>.json + .npy              each architecture (METHOD.md §1.2) built here, with random weights and BN running
                                       statistics, a tiny input, and its eval-mode and train-mode outputs (logits, float32).

Usage: /usr/bin/python3 tests/reference/make_torch.py
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Concord.Torch.Tests", "Reference", "torch")
VERSIONS = {"torch": torch.__version__, "torchvision": torchvision.__version__, "numpy": np.__version__}


def save(name, arr):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(arr))


# ---------------------------------------------------------------------------------------------------------------
# The authors' deformable layer, ported line by line (DCNv1: modulation=False; offsets given explicitly so that
# their gradient can be checked; p_conv is exercised in the Deformable architecture fixture).
class PaperDeform:
    def __init__(self, kernel_size, padding, stride):
        self.kernel_size = kernel_size
        self.padding = padding
        self.stride = stride
        self.zero_padding = nn.ZeroPad2d(padding)

    def forward(self, x, offset, conv_weight):
        dtype = offset.data.type()
        ks = self.kernel_size
        N = offset.size(1) // 2
        if self.padding:
            x = self.zero_padding(x)
        p = self._get_p(offset, dtype)
        p = p.contiguous().permute(0, 2, 3, 1)
        q_lt = p.detach().floor()
        q_rb = q_lt + 1
        q_lt = torch.cat([torch.clamp(q_lt[..., :N], 0, x.size(2) - 1), torch.clamp(q_lt[..., N:], 0, x.size(3) - 1)], dim=-1).long()
        q_rb = torch.cat([torch.clamp(q_rb[..., :N], 0, x.size(2) - 1), torch.clamp(q_rb[..., N:], 0, x.size(3) - 1)], dim=-1).long()
        q_lb = torch.cat([q_lt[..., :N], q_rb[..., N:]], dim=-1)
        q_rt = torch.cat([q_rb[..., :N], q_lt[..., N:]], dim=-1)
        p = torch.cat([torch.clamp(p[..., :N], 0, x.size(2) - 1), torch.clamp(p[..., N:], 0, x.size(3) - 1)], dim=-1)
        g_lt = (1 + (q_lt[..., :N].type_as(p) - p[..., :N])) * (1 + (q_lt[..., N:].type_as(p) - p[..., N:]))
        g_rb = (1 - (q_rb[..., :N].type_as(p) - p[..., :N])) * (1 - (q_rb[..., N:].type_as(p) - p[..., N:]))
        g_lb = (1 + (q_lb[..., :N].type_as(p) - p[..., :N])) * (1 - (q_lb[..., N:].type_as(p) - p[..., N:]))
        g_rt = (1 - (q_rt[..., :N].type_as(p) - p[..., :N])) * (1 + (q_rt[..., N:].type_as(p) - p[..., N:]))
        x_q_lt = self._get_x_q(x, q_lt, N)
        x_q_rb = self._get_x_q(x, q_rb, N)
        x_q_lb = self._get_x_q(x, q_lb, N)
        x_q_rt = self._get_x_q(x, q_rt, N)
        x_offset = g_lt.unsqueeze(dim=1) * x_q_lt + \
            g_rb.unsqueeze(dim=1) * x_q_rb + \
            g_lb.unsqueeze(dim=1) * x_q_lb + \
            g_rt.unsqueeze(dim=1) * x_q_rt
        x_offset = self._reshape_x_offset(x_offset, ks)
        return F.conv2d(x_offset, conv_weight, None, stride=ks)

    def _get_p_n(self, N, dtype):
        p_n_x, p_n_y = torch.meshgrid(
            torch.arange(-(self.kernel_size - 1) // 2, (self.kernel_size - 1) // 2 + 1),
            torch.arange(-(self.kernel_size - 1) // 2, (self.kernel_size - 1) // 2 + 1), indexing="ij")
        p_n = torch.cat([torch.flatten(p_n_x), torch.flatten(p_n_y)], 0)
        p_n = p_n.view(1, 2 * N, 1, 1).type(dtype)
        return p_n

    def _get_p_0(self, h, w, N, dtype):
        p_0_x, p_0_y = torch.meshgrid(
            torch.arange(1, h * self.stride + 1, self.stride),
            torch.arange(1, w * self.stride + 1, self.stride), indexing="ij")
        p_0_x = torch.flatten(p_0_x).view(1, 1, h, w).repeat(1, N, 1, 1)
        p_0_y = torch.flatten(p_0_y).view(1, 1, h, w).repeat(1, N, 1, 1)
        p_0 = torch.cat([p_0_x, p_0_y], 1).type(dtype)
        return p_0

    def _get_p(self, offset, dtype):
        N, h, w = offset.size(1) // 2, offset.size(2), offset.size(3)
        p_n = self._get_p_n(N, dtype)
        p_0 = self._get_p_0(h, w, N, dtype)
        p = p_0 + p_n + offset
        return p

    def _get_x_q(self, x, q, N):
        b, h, w, _ = q.size()
        padded_w = x.size(3)
        c = x.size(1)
        x = x.contiguous().view(b, c, -1)
        index = q[..., :N] * padded_w + q[..., N:]
        index = index.contiguous().unsqueeze(dim=1).expand(-1, c, -1, -1, -1).contiguous().view(b, c, -1)
        x_offset = x.gather(dim=-1, index=index).contiguous().view(b, c, h, w, N)
        return x_offset

    @staticmethod
    def _reshape_x_offset(x_offset, ks):
        b, c, h, w, N = x_offset.size()
        x_offset = torch.cat([x_offset[..., s:s + ks].contiguous().view(b, c, h, w * ks) for s in range(0, N, ks)], dim=-1)
        x_offset = x_offset.contiguous().view(b, c, h * ks, w * ks)
        return x_offset


class PaperDeformConv2d(nn.Module):
    """The authors' DeformConv2d module (constructor as in deform_conv_v2.py; the no-op lr hook is omitted)."""

    def __init__(self, inc, outc, kernel_size=3, padding=1, stride=1, bias=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.padding = padding
        self.stride = stride
        self.zero_padding = nn.ZeroPad2d(padding)
        self.conv = nn.Conv2d(inc, outc, kernel_size=kernel_size, stride=kernel_size, bias=bias)
        self.p_conv = nn.Conv2d(inc, 2 * kernel_size * kernel_size, kernel_size=3, padding=1, stride=stride)
        nn.init.constant_(self.p_conv.weight, 0)

    def forward(self, x):
        offset = self.p_conv(x)
        return PaperDeform(self.kernel_size, self.padding, self.stride).forward(x, offset, self.conv.weight)


def zeropad_deform(x, offset, weight, stride):
    """torchvision.ops.deform_conv2d with METHOD.md §2.3's map: interleave (Δr_n, Δc_n), add 1, padding (k−1)/2."""
    ks = weight.shape[2]
    n = ks * ks
    off = torch.stack([offset[:, :n], offset[:, n:]], dim=2).reshape(offset.shape[0], 2 * n, offset.shape[2], offset.shape[3]) + 1
    return torchvision.ops.deform_conv2d(x, off, weight, None, stride=stride, padding=(ks - 1) // 2)


def deform_fixtures():
    g = torch.Generator().manual_seed(2024)
    b, c, hin, win, o, ks, stride = 2, 3, 11, 9, 4, 5, 2
    h, w = (hin - 1) // stride + 1, (win - 1) // stride + 1
    x = torch.randn(b, c, hin, win, generator=g, dtype=torch.float64)
    # Offsets of a few pixels, so that many taps leave the input and both border behaviours are exercised.
    offset = 2.5 * torch.randn(b, 2 * ks * ks, h, w, generator=g, dtype=torch.float64)
    weight = torch.randn(o, c, ks, ks, generator=g, dtype=torch.float64) / 5
    grad_out = torch.randn(b, o, h, w, generator=g, dtype=torch.float64)
    for mode in ("paper", "zeropad"):
        xs, offs, ws = (t.clone().requires_grad_(True) for t in (x, offset, weight))
        if mode == "paper":
            out = PaperDeform(ks, 0, stride).forward(xs, offs, ws)
        else:
            out = zeropad_deform(xs, offs, ws, stride)
        out.backward(grad_out)
        for k, v in {"x": x, "offset": offset, "weight": weight, "grad_out": grad_out, "out": out.detach(),
                     "grad_x": xs.grad, "grad_offset": offs.grad, "grad_weight": ws.grad}.items():
            save(f"deform_{mode}_{k}", v.numpy())
        with open(os.path.join(OUT, f"deform_{mode}.json"), "w") as f:
            json.dump({"generator": "tests/reference/make_torch.py", "versions": VERSIONS, "mode": mode, "stride": stride,
                       "kernel": ks, "dtype": "float64"}, f, indent=1)


# ---------------------------------------------------------------------------------------------------------------
# The architectures of METHOD.md §1.2 (logits: the fixtures compare fc2's output, softmax is a separate switch).
def conv_layers(arch):
    if arch in ("Regular", "Deformable"):
        return [dict(kernel_size=5, stride=1, padding=0, dilation=1), 2, dict(kernel_size=5, stride=3, padding=3, dilation=1), 2,
                dict(kernel_size=5, stride=2, padding=0, dilation=1)]
    if arch == "Dilated":
        return [dict(kernel_size=5, stride=1, padding=0, dilation=3), 2, dict(kernel_size=5, stride=2, padding=3, dilation=2), 2,
                dict(kernel_size=5, stride=2, padding=1, dilation=1)]
    if arch == "Freq1d":
        return [dict(kernel_size=(5, 1), stride=1, padding=0, dilation=(3, 1)), (2, 1),
                dict(kernel_size=(5, 1), stride=(2, 1), padding=(3, 0), dilation=(2, 1)), (2, 1),
                dict(kernel_size=(5, 1), stride=(2, 1), padding=(1, 0), dilation=1)]
    if arch == "Time1d":
        return [dict(kernel_size=(1, 5), stride=1, padding=0, dilation=(1, 3)), (1, 2),
                dict(kernel_size=(1, 5), stride=(1, 2), padding=(0, 3), dilation=(1, 2)), (1, 2),
                dict(kernel_size=(1, 5), stride=(1, 2), padding=(0, 1), dilation=1)]
    raise ValueError(arch)


class Cnn(nn.Module):
    def __init__(self, arch, h, w, k):
        super().__init__()
        c1, p1, c2, p2, c3 = conv_layers(arch)
        self.conv1 = nn.Conv2d(1, 10, **c1)
        self.conv1_bn1 = nn.BatchNorm2d(10)
        self.pool1 = nn.MaxPool2d(p1)
        self.conv2 = nn.Conv2d(10, 20, **c2)
        self.conv2_bn2 = nn.BatchNorm2d(20)
        self.pool2 = nn.MaxPool2d(p2)
        self.conv3 = PaperDeformConv2d(20, 30, kernel_size=5, stride=2, padding=0) if arch == "Deformable" else nn.Conv2d(20, 30, **c3)
        self.conv3_bn3 = nn.BatchNorm2d(30)
        with torch.no_grad():
            f = self.features(torch.zeros(2, 1, h, w)).shape[1]
        self.fc1 = nn.Linear(f, 120)
        self.fc2 = nn.Linear(120, k)

    def features(self, x):
        x = self.pool1(F.relu(self.conv1_bn1(self.conv1(x))))
        x = self.pool2(F.relu(self.conv2_bn2(self.conv2(x))))
        x = F.relu(self.conv3_bn3(self.conv3(x)))
        return x.reshape(x.shape[0], -1)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(self.features(x))))


class FeedForward(nn.Module):
    def __init__(self, h, w, k):
        super().__init__()
        self.fc1 = nn.Linear(h * w, 120)
        self.bn1 = nn.BatchNorm1d(120)
        self.fc2 = nn.Linear(120, k)

    def forward(self, x):
        return self.fc2(F.relu(self.bn1(self.fc1(x.reshape(x.shape[0], -1)))))


# Small inputs keep the weight files small; shapes follow the same formulas as 128×T.
ARCH_INPUTS = {"Regular": (64, 64), "Deformable": (64, 64), "Dilated": (64, 64), "Freq1d": (64, 16), "Time1d": (16, 64),
               "FeedForward": (16, 16)}


def arch_fixtures():
    for i, (arch, (h, w)) in enumerate(ARCH_INPUTS.items()):
        torch.manual_seed(100 + i)
        k = 8
        model = FeedForward(h, w, k) if arch == "FeedForward" else Cnn(arch, h, w, k)
        with torch.no_grad():
            for name, p in model.named_parameters():
                p.copy_(torch.randn_like(p) * (0.3 if p.dim() > 1 else 0.1))   # includes the deformable p_conv weight
            for name, b in model.named_buffers():
                if name.endswith("running_mean"):
                    b.copy_(torch.randn_like(b) * 0.2)
                elif name.endswith("running_var"):
                    b.copy_(torch.rand_like(b) + 0.5)
        names = [n for n, _ in model.named_parameters()] + [n for n, _ in model.named_buffers() if not n.endswith("num_batches_tracked")]
        state = model.state_dict()
        flat = np.concatenate([state[n].numpy().astype(np.float32).ravel() for n in names])
        x = torch.randn(3, 1, h, w)
        model.eval()
        with torch.no_grad():
            out_eval = model(x)
        model.train()
        with torch.no_grad():
            out_train = model(x)
        save(f"arch_{arch}_params", flat)
        save(f"arch_{arch}_input", x.numpy())
        save(f"arch_{arch}_out_eval", out_eval.numpy())
        save(f"arch_{arch}_out_train", out_train.numpy())
        with open(os.path.join(OUT, f"arch_{arch}.json"), "w") as f:
            json.dump({"generator": "tests/reference/make_torch.py", "versions": VERSIONS, "arch": arch, "mels": h, "frames": w,
                       "classes": k, "deformable": "paper (clamp-and-double)",
                       "names": names, "shapes": [list(state[n].shape) for n in names]}, f, indent=1)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    deform_fixtures()
    arch_fixtures()
    print("wrote", OUT)
