#!/usr/bin/env python3
"""The convolutional VAE of `./vae train --arch conv [--conditional]`, in PyTorch, same protocol.

Encoder x[1,28,28] -> Conv(32, k4 s2 p1) ReLU -> Conv(64, k4 s2 p1) ReLU -> flatten ->
Linear(256) ReLU -> mean, log-variance (latent 16); decoder z -> Linear(256) ReLU ->
Linear(64*7*7) ReLU -> ConvT(32, k4 s2 p1) ReLU -> ConvT(1, k4 s2 p1) -> Bernoulli logits.
Loss: BCE-with-logits summed over pixels + analytic Gaussian KL, averaged over the batch; Adam
1e-3, batch 128, grey pixels in [0,1], PyTorch's default initialisation, float32. After every
epoch the test set's negative ELBO (one sample per image, fixed noise) is printed as a JSON line,
the numbers `vae train` writes to metrics.jsonl. With --conditional the one-hot label is appended
to the encoder's dense-layer input and to the decoder's input, as vae4j's conditional conv VAE
does, and the last line also gives the test label accuracy: the class whose ELBO (one sample,
the same noise for every class) is highest. Reads the repository's data/mnist IDX files.

    OPENBLAS_NUM_THREADS=1 python3 benchmarks/pytorch/conv_vae.py --epochs 10 [--conditional]

--init-from FILE starts from the weights of a vae4j checkpoint (`model.*` tensors, vae4j's names
mapped to this module's) instead of PyTorch's initialisation; with --epochs 0 it only prints that
model's test loss, which checks that both compute the same function.
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
from common import MNIST, peak_rss_mb, read_images, read_labels, read_safetensors  # noqa: E402


class ConvVae(nn.Module):
    def __init__(self, latent=16, hidden=256, channels=(32, 64), classes=0, batch_norm=False):
        super().__init__()
        c1, c2 = channels

        def norm(n, images):
            """vae4j's --batch-norm: after each convolution and dense hidden layer."""
            if not batch_norm:
                return []
            return [nn.BatchNorm2d(n) if images else nn.BatchNorm1d(n)]

        self.conv = nn.Sequential(
            nn.Conv2d(1, c1, 4, 2, 1), *norm(c1, True), nn.ReLU(),
            nn.Conv2d(c1, c2, 4, 2, 1), *norm(c2, True), nn.ReLU(), nn.Flatten())
        self.dense = nn.Sequential(
            nn.Linear(c2 * 7 * 7 + classes, hidden), *norm(hidden, False), nn.ReLU())
        self.mean = nn.Linear(hidden, latent)
        self.log_var = nn.Linear(hidden, latent)
        self.dec = nn.Sequential(
            nn.Linear(latent + classes, hidden), *norm(hidden, False), nn.ReLU(),
            nn.Linear(hidden, c2 * 7 * 7), *norm(c2 * 7 * 7, False), nn.ReLU(),
            nn.Unflatten(1, (c2, 7, 7)),
            nn.ConvTranspose2d(c2, c1, 4, 2, 1), *norm(c1, True), nn.ReLU(),
            nn.ConvTranspose2d(c1, 1, 4, 2, 1))

    def forward(self, x, c=None, eps=None):
        h = self.conv(x)
        h = self.dense(h if c is None else torch.cat([h, c], 1))
        mu, log_var = self.mean(h), self.log_var(h)
        eps = torch.randn_like(mu) if eps is None else eps
        z = mu + torch.exp(0.5 * log_var) * eps
        return self.dec(z if c is None else torch.cat([z, c], 1)), mu, log_var


# vae4j's parameter names (without "model.") -> this module's
VAE4J_NAMES = {
    "encoder.conv0": "conv.0", "encoder.conv1": "conv.2", "encoder.dense": "dense.0",
    "encoder.mean": "mean", "encoder.logVar": "log_var", "decoder.dense0": "dec.0",
    "decoder.dense1": "dec.2", "decoder.deconv0": "dec.5", "decoder.deconv1": "dec.7",
}


def load_vae4j(model, path):
    """Copies the weights of a vae4j checkpoint of the same architecture into model."""
    saved = read_safetensors(path)
    state = {}
    for name, tensor in saved.items():
        if not name.startswith("model."):
            continue
        layer, _, kind = name[len("model."):].rpartition(".")
        if layer not in VAE4J_NAMES:
            raise ValueError(f"{path}: {name} has no counterpart here (a batch-norm model?)")
        state[f"{VAE4J_NAMES[layer]}.{kind}"] = tensor
    model.load_state_dict(state)


def test_loss(model, test, test_c, test_eps):
    with torch.no_grad():
        total = 0.0
        for lo in range(0, test.shape[0], 1000):
            x = test[lo:lo + 1000]
            c = None if test_c is None else test_c[lo:lo + 1000]
            logits, mu, log_var = model(x, c, test_eps[lo:lo + 1000])
            total += neg_elbo(logits, x, mu, log_var).sum().item()
    return total / test.shape[0]


def neg_elbo(logits, x, mu, log_var):
    rec = F.binary_cross_entropy_with_logits(
        logits.flatten(1), x.flatten(1), reduction="none").sum(1)
    kl = -0.5 * (1 + log_var - mu.pow(2) - log_var.exp()).sum(1)
    return rec + kl


def one_hot(labels, classes):
    return F.one_hot(labels, classes).float() if classes else None


def accuracy(model, test, labels, eps, classes):
    """Fraction of test images whose highest-ELBO class is their label."""
    best = torch.full((test.shape[0],), -float("inf"))
    arg = torch.zeros(test.shape[0], dtype=torch.int64)
    with torch.no_grad():
        for k in range(classes):
            for lo in range(0, test.shape[0], 1000):
                x = test[lo:lo + 1000]
                c = F.one_hot(torch.full((x.shape[0],), k), classes).float()
                logits, mu, log_var = model(x, c, eps[lo:lo + 1000])
                elbo = -neg_elbo(logits, x, mu, log_var)
                better = elbo > best[lo:lo + 1000]
                best[lo:lo + 1000] = torch.where(better, elbo, best[lo:lo + 1000])
                arg[lo:lo + 1000] = torch.where(better, torch.full_like(arg[lo:lo + 1000], k),
                                                arg[lo:lo + 1000])
    return (arg == labels).float().mean().item()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", default=MNIST)
    p.add_argument("--conditional", action="store_true")
    p.add_argument("--limit", type=int, help="train on the first N images only (a quick check)")
    p.add_argument("--init-from", help="start from a vae4j checkpoint's weights")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    def images(name):
        flat = read_images(os.path.join(a.data, name))
        return torch.from_numpy(flat).view(-1, 1, 28, 28)
    train = images("train-images-idx3-ubyte.gz")
    test = images("t10k-images-idx3-ubyte.gz")
    classes = 10 if a.conditional else 0
    train_c = one_hot(read_labels(os.path.join(a.data, "train-labels-idx1-ubyte.gz")), classes)
    if a.limit:
        train = train[:a.limit]
        train_c = None if train_c is None else train_c[:a.limit]
    test_labels = read_labels(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz"))
    test_c = one_hot(test_labels, classes)
    test_eps = torch.randn(test.shape[0], 16, generator=torch.Generator().manual_seed(4))
    model = ConvVae(classes=classes)
    if a.init_from:
        load_vae4j(model, a.init_from)
        if a.epochs == 0:
            print(json.dumps({"epoch": 0, "test_loss": test_loss(model, test, test_c, test_eps)}))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(1, a.epochs + 1):
        start = time.perf_counter()
        total = 0.0
        model.train()
        for idx in torch.randperm(train.shape[0]).split(128):
            x = train[idx]
            logits, mu, log_var = model(x, None if train_c is None else train_c[idx])
            loss = neg_elbo(logits, x, mu, log_var).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * x.shape[0]
        seconds = time.perf_counter() - start
        extra = {}
        if a.conditional and epoch == a.epochs:
            extra["label_accuracy"] = accuracy(model, test, test_labels, test_eps, classes)
        print(json.dumps({
            "epoch": epoch,
            "train_loss": total / train.shape[0],
            "test_loss": test_loss(model, test, test_c, test_eps),
            "seconds": seconds,
            "peak_rss_mb": peak_rss_mb(),
            **extra,
        }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
