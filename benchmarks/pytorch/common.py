"""Parts the PyTorch twins of `./vae bench` share: the repository's MNIST IDX files, the
matrix-multiply speed and matrix FLOPs `vae bench` divides into its sgemm bound, peak memory.

Needs nothing but python3-torch (and numpy, which it depends on).
"""
import gzip
import json
import os
import resource
import struct
import sys
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MNIST = os.path.join(ROOT, "data", "mnist")


def read_images(path):
    """An IDX image file as float32 rows scaled to [0,1]."""
    with gzip.open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise ValueError(f"{path}: not an IDX image file (magic {magic})")
        pixels = np.frombuffer(f.read(count * rows * cols), dtype=np.uint8)
    return pixels.reshape(count, rows * cols).astype(np.float32) / 255.0


def read_safetensors(path):
    """The float32 tensors of a safetensors file (a vae4j checkpoint), by name, as torch tensors."""
    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
        data = f.read()
    out = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        start, end = entry["data_offsets"]
        values = np.frombuffer(data[start:end], dtype=np.float32).reshape(entry["shape"])
        out[name] = torch.from_numpy(values.copy())
    return out


def read_labels(path):
    """An IDX label file as an int64 tensor."""
    with gzip.open(path, "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        if magic != 2049:
            raise ValueError(f"{path}: not an IDX label file (magic {magic})")
        return torch.from_numpy(np.frombuffer(f.read(count), dtype=np.uint8).astype(np.int64))


def gemm_gflops(n=128, features=784, hidden=400, warm_up=0.5, window=0.3, windows=3):
    """Matrix-multiply speed at the canonical model's shapes, as `./vae bench` measures it for
    every model: x W^T, g W and g^T x in float32, the fastest of three 0.3 s windows after 0.5 s
    of warm-up."""
    g = torch.Generator().manual_seed(42)
    x = torch.randn(n, features, generator=g)
    w = torch.randn(hidden, features, generator=g)
    d = torch.randn(n, hidden, generator=g)

    def rounds_per_second(seconds):
        rounds, start = 0, time.perf_counter()
        while True:
            x @ w.t()
            d @ w
            d.t() @ x
            rounds += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds and rounds >= 5:
                return rounds / elapsed

    rounds_per_second(warm_up)
    best = max(rounds_per_second(window) for _ in range(windows))
    return 3 * 2.0 * n * features * hidden * best / 1e9


def _flops(encoder, decoder, samples):
    # Forward and weight gradient for every layer, the input gradient for all but the
    # encoder's first; the decoder runs once per latent sample. Two FLOPs per multiply-add.
    macs = sum((2 if i == 0 else 3) * m for i, m in enumerate(encoder))
    return 2.0 * (macs + 3 * samples * sum(decoder))


def mlp_flops(features, hidden, latent, samples=1, conditions=0):
    """Matrix FLOPs of one training example of an MLP VAE, as vae4j's MatrixFlops counts them."""
    encoder, size = [], features + conditions
    for h in hidden:
        encoder.append(size * h)
        size = h
    encoder.append(size * 2 * latent)  # mean and log-variance heads
    decoder, size = [], latent + conditions
    for h in reversed(hidden):
        decoder.append(size * h)
        size = h
    decoder.append(size * features)
    return _flops(encoder, decoder, samples)


def conv_flops(channels=1, side=28, conv=(32, 64), kernel=4, hidden=256, latent=16,
               conditions=0, samples=1):
    """The same count for the convolutional VAE (stride 2, padding (kernel-1)//2)."""
    sides = [side]
    for _ in conv:
        sides.append((sides[-1] + 2 * ((kernel - 1) // 2) - kernel) // 2 + 1)
    window = kernel * kernel
    encoder, size = [], channels
    for i, c in enumerate(conv):
        encoder.append(size * c * window * sides[i + 1] ** 2)
        size = c
    flat = conv[-1] * sides[-1] ** 2
    encoder += [(flat + conditions) * hidden, hidden * 2 * latent]
    decoder = [(latent + conditions) * hidden, hidden * flat]
    for i in reversed(range(len(conv))):
        out = channels if i == 0 else conv[i - 1]
        decoder.append(conv[i] * out * window * sides[i + 1] ** 2)  # the transpose's input
    return _flops(encoder, decoder, samples)


def peak_rss_mb():
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def blas_library():
    """The BLAS library torch has loaded, read from the process's mappings after one product.

    Debian links torch to whichever libblas.so.3 its alternatives name; with only libblas3
    installed that is the unoptimised reference BLAS, about 20x slower than OpenBLAS, and every
    timing of this side would be wrong (install libopenblas0-pthread)."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line}
    return ", ".join(sorted(p for p in paths if p.startswith("/"))) or "unknown"


def check_blas():
    """Returns blas_library(), after a warning on stderr when it is the reference BLAS."""
    blas = blas_library()
    if "openblas" not in blas and "mkl" not in blas:
        print(f"warning: torch uses {blas}, not OpenBLAS or MKL: its products are unoptimised;"
              " install libopenblas0-pthread (or select it with update-alternatives)",
              file=sys.stderr)
    return blas
