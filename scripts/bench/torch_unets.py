"""The two U-Nets of models/ rebuilt in PyTorch, timed like scripts/bench/compute-paths.ts times them in tfjs.

Same layers, filters, kernels, strides, dilations, activations and tensor shapes (NCHW here, NHWC there); TF's
'same' padding of a stride-2 3x3 convolution is asymmetric, PyTorch's symmetric, which shifts features by half a
pixel and costs the same. One step: forward, L1 against a fixed target, backward, Adam. Prints one JSON line.
    python3 scripts/bench/torch_unets.py --threads 2 --size 128 --batch 4 --steps 8 --infer-size 512
"""
import argparse
import json
import math
import statistics
import time

import torch
from torch import nn


class Pix2pixUnet(nn.Module):
    """models/pix2pix/unet-generator.ts: 4x4 stride-2 convs (BN inside), LeakyReLU 0.2; 4x4 stride-2 transposed convs, BN, ReLU, skips."""

    def __init__(self, size, width):
        super().__init__()
        depth = int(math.log2(size)) - 1
        filters = [width * min(2**level, 8) for level in range(depth)]
        self.enc = nn.ModuleList()
        cin = 1
        for level, f in enumerate(filters):
            layers = [nn.Conv2d(cin, f, 4, 2, 1)]
            if 0 < level < depth - 1:
                layers.append(nn.BatchNorm2d(f, momentum=0.01))
            layers.append(nn.LeakyReLU(0.2))
            self.enc.append(nn.Sequential(*layers))
            cin = f
        self.dec = nn.ModuleList()
        for level in range(depth - 2, -1, -1):
            f = filters[level]
            self.dec.append(nn.Sequential(nn.ConvTranspose2d(cin, f, 4, 2, 1), nn.BatchNorm2d(f, momentum=0.01), nn.ReLU()))
            cin = f + filters[level]
        self.out = nn.ConvTranspose2d(cin, 2, 4, 2, 1)

    def forward(self, x):
        skips = []
        for layer in self.enc:
            x = layer(x)
            skips.append(x)
        for i, layer in enumerate(self.dec):
            x = torch.cat([layer(x), skips[len(skips) - 2 - i]], dim=1)
        return torch.tanh(self.out(x))


class GatedConv(nn.Module):
    """models/gated-unet/gated-conv.ts: ELU features times a sigmoid gate (σ(1x1 · ELU(dilated)) when dilated)."""

    def __init__(self, cin, f, k, stride=1, rate=1):
        super().__init__()
        pad = rate * (k - 1) // 2
        self.feat = nn.Conv2d(cin, f, k, stride, pad, dilation=rate)
        self.gate = nn.Conv2d(cin, f, k, stride, pad, dilation=rate)
        self.gate_1x1 = nn.Conv2d(f, f, 1) if rate > 1 else None

    def forward(self, x):
        features = nn.functional.elu(self.feat(x))
        if self.gate_1x1 is None:
            return features * torch.sigmoid(self.gate(x))
        return features * torch.sigmoid(self.gate_1x1(nn.functional.elu(self.gate(x))))


class GatedUnet(nn.Module):
    """models/gated-unet/gated-unet.ts: 5x5, two stride-2 levels, dilated bottleneck, upsample + skip decoder."""

    def __init__(self, size, width):
        super().__init__()
        rates = []
        rate = 2
        while rate <= 16 and rate <= size / 8:
            rates.append(rate)
            rate *= 2
        w = width
        self.e1 = GatedConv(4, w, 5)
        self.e2 = GatedConv(w, 2 * w, 3, 2)
        self.e3 = GatedConv(2 * w, 2 * w, 3)
        self.e4 = GatedConv(2 * w, 4 * w, 3, 2)
        self.e5 = GatedConv(4 * w, 4 * w, 3)
        self.mid = nn.Sequential(*[GatedConv(4 * w, 4 * w, 3, rate=r) for r in rates])
        self.d2 = GatedConv(4 * w + 2 * w, 2 * w, 3)
        self.d1 = GatedConv(2 * w + w, w, 3)
        self.rgb = nn.Conv2d(w, 3, 3, 1, 1)

    def forward(self, x):
        full = self.e1(x)
        half = self.e3(self.e2(full))
        x = self.mid(self.e5(self.e4(half)))
        up = nn.functional.interpolate(x, scale_factor=2, mode="nearest")
        x = self.d2(torch.cat([up, half], dim=1))
        up = nn.functional.interpolate(x, scale_factor=2, mode="nearest")
        x = self.d1(torch.cat([up, full], dim=1))
        return torch.tanh(self.rgb(x))


NETWORKS = {"colorizer": (Pix2pixUnet, 1), "inpainter": (GatedUnet, 4)}


def ramp(shape, seed):
    n = math.prod(shape)
    return torch.sin(torch.arange(n, dtype=torch.float32) * 0.37 + seed).reshape(shape)


def measure(name, args):
    build, channels = NETWORKS[name]
    torch.manual_seed(1)
    model = build(args.size, args.width)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-4, betas=(0.5, 0.999))
    x = ramp((args.batch, channels, args.size, args.size), 1)
    with torch.no_grad():
        target = 0.5 * ramp(tuple(model(x).shape), 2)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = (model(x) - target).abs().mean()
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)

    infer_model = build(args.infer_size, args.width).eval()
    image = ramp((1, channels, args.infer_size, args.infer_size), 3)
    infer = []
    with torch.no_grad():
        infer_model(image)
        for _ in range(3):
            start = time.perf_counter()
            infer_model(image)
            infer.append(time.perf_counter() - start)
    return {
        "msPerStep": round(statistics.median(times) * 1000, 1),
        "inferenceMs": round(statistics.median(infer) * 1000, 1),
        "parameters": sum(p.numel() for p in model.parameters()),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--width", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--infer-size", type=int, default=512)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    result = {"torch": torch.__version__, "threads": args.threads}
    result.update({name: measure(name, args) for name in NETWORKS})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
