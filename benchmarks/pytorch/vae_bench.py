#!/usr/bin/env python3
"""The canonical vae4j VAE in PyTorch, timed the way `./vae bench` times it.

784-400-20 ReLU MLP encoder with mean and log-variance heads, mirrored 20-400-784 decoder
with Bernoulli logits; loss = (BCE-with-logits summed over pixels + analytic Gaussian KL),
averaged over the batch; Adam at 1e-3, batch 128, shuffled MNIST training set (60,000
images scaled to [0,1]), float32. The first epoch counts as warm-up when there are two or
more: the speed is the median of the later epochs. Prints one JSON line.

Reads MNIST from the repository's data/mnist IDX files, so it needs nothing but
python3-torch (and numpy, which it depends on).
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MNIST, gemm_gflops, mlp_flops, peak_rss_mb, read_images  # noqa: E402


class Vae(nn.Module):
    def __init__(self, features=784, hidden=400, latent=20):
        super().__init__()
        self.enc = nn.Linear(features, hidden)
        self.mean = nn.Linear(hidden, latent)
        self.log_var = nn.Linear(hidden, latent)
        self.dec = nn.Linear(latent, hidden)
        self.out = nn.Linear(hidden, features)

    def forward(self, x):
        h = F.relu(self.enc(x))
        mu, log_var = self.mean(h), self.log_var(h)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        logits = self.out(F.relu(self.dec(z)))
        return logits, mu, log_var


def loss_fn(logits, x, mu, log_var):
    rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
    kl = -0.5 * (1 + log_var - mu.pow(2) - log_var.exp()).sum(1)
    return (rec + kl).mean()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=1,
                   help="torch intra-op threads (default 1; OpenBLAS keeps its own threads)")
    p.add_argument("--data", default=MNIST)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gflops = gemm_gflops()
    x_all = torch.from_numpy(read_images(os.path.join(a.data, "train-images-idx3-ubyte.gz")))
    n = x_all.shape[0]
    batch = 128
    model = Vae()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    seconds, last_loss = [], float("nan")
    for _ in range(a.epochs):
        start = time.perf_counter()
        total, count = 0.0, 0
        for idx in torch.randperm(n).split(batch):
            x = x_all[idx]
            logits, mu, log_var = model(x)
            loss = loss_fn(logits, x, mu, log_var)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * x.shape[0]
            count += x.shape[0]
        seconds.append(time.perf_counter() - start)
        last_loss = total / count
    timed = seconds[1:] if len(seconds) > 1 else seconds
    per_epoch = statistics.median(timed)
    bound = mlp_flops(784, [400], 20) * n / (gflops * 1e9)
    print(json.dumps({
        "backend": "pytorch",
        "version": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "examples": n,
        "epochs": a.epochs,
        "examples_per_second": n / per_epoch,
        "seconds_per_epoch": per_epoch,
        "first_epoch_seconds": seconds[0],
        "epoch_seconds": seconds,
        "gemm_gflops": gflops,
        "bound_seconds_per_epoch": bound,
        "bound_ratio": per_epoch / bound,
        "final_train_loss": last_loss,
        "peak_rss_mb": peak_rss_mb(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
