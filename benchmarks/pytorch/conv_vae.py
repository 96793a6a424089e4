#!/usr/bin/env python3
"""The convolutional VAE of `./vae train --arch conv`, trained in PyTorch on the same protocol.

Encoder x[1,28,28] -> Conv(32, k4 s2 p1) ReLU -> Conv(64, k4 s2 p1) ReLU -> flatten ->
Linear(256) ReLU -> mean, log-variance (latent 16); decoder z -> Linear(256) ReLU ->
Linear(64*7*7) ReLU -> ConvT(32, k4 s2 p1) ReLU -> ConvT(1, k4 s2 p1) -> Bernoulli logits.
Loss: BCE-with-logits summed over pixels + analytic Gaussian KL, averaged over the batch; Adam
1e-3, batch 128, grey pixels in [0,1], PyTorch's default initialisation, float32. After every
epoch the test set's negative ELBO (one sample per image, fixed noise) is printed as a JSON line,
the numbers `vae train` writes to metrics.jsonl. Reads the repository's data/mnist IDX files.

    OPENBLAS_NUM_THREADS=2 python3 benchmarks/pytorch/conv_vae.py --epochs 10
"""
import argparse
import json
import os
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vae_bench import ROOT, peak_rss_mb, read_images  # noqa: E402


class ConvVae(nn.Module):
    def __init__(self, latent=16, hidden=256, channels=(32, 64)):
        super().__init__()
        c1, c2 = channels
        self.enc = nn.Sequential(
            nn.Conv2d(1, c1, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(c1, c2, 4, 2, 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(c2 * 7 * 7, hidden), nn.ReLU())
        self.mean = nn.Linear(hidden, latent)
        self.log_var = nn.Linear(hidden, latent)
        self.dec = nn.Sequential(
            nn.Linear(latent, hidden), nn.ReLU(),
            nn.Linear(hidden, c2 * 7 * 7), nn.ReLU(),
            nn.Unflatten(1, (c2, 7, 7)),
            nn.ConvTranspose2d(c2, c1, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(c1, 1, 4, 2, 1))

    def forward(self, x, eps=None):
        h = self.enc(x)
        mu, log_var = self.mean(h), self.log_var(h)
        eps = torch.randn_like(mu) if eps is None else eps
        z = mu + torch.exp(0.5 * log_var) * eps
        return self.dec(z), mu, log_var


def neg_elbo(logits, x, mu, log_var):
    rec = F.binary_cross_entropy_with_logits(
        logits.flatten(1), x.flatten(1), reduction="none").sum(1)
    kl = -0.5 * (1 + log_var - mu.pow(2) - log_var.exp()).sum(1)
    return rec + kl


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", default=os.path.join(ROOT, "data", "mnist"))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    def images(name):
        flat = read_images(os.path.join(a.data, name))
        return torch.from_numpy(flat).view(-1, 1, 28, 28)
    train = images("train-images-idx3-ubyte.gz")
    test = images("t10k-images-idx3-ubyte.gz")
    test_eps = torch.randn(test.shape[0], 16, generator=torch.Generator().manual_seed(4))
    model = ConvVae()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(1, a.epochs + 1):
        start = time.perf_counter()
        total = 0.0
        model.train()
        for idx in torch.randperm(train.shape[0]).split(128):
            x = train[idx]
            logits, mu, log_var = model(x)
            loss = neg_elbo(logits, x, mu, log_var).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * x.shape[0]
        seconds = time.perf_counter() - start
        with torch.no_grad():
            test_loss = 0.0
            for lo in range(0, test.shape[0], 1000):
                x = test[lo:lo + 1000]
                logits, mu, log_var = model(x, test_eps[lo:lo + 1000])
                test_loss += neg_elbo(logits, x, mu, log_var).sum().item()
        print(json.dumps({
            "epoch": epoch,
            "train_loss": total / train.shape[0],
            "test_loss": test_loss / test.shape[0],
            "seconds": seconds,
            "peak_rss_mb": peak_rss_mb(),
        }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
