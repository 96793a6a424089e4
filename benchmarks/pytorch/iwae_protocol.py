#!/usr/bin/env python3
"""The IWAE paper's MNIST protocol (Burda, Grosse & Salakhutdinov 2016) in PyTorch, the twin of

    ./vae train --hidden 200,200 --latent 50 --activation tanh --binarize dynamic \\
        --batch-size 100 --objective iwae --samples K --init glorot --output-bias data-mean \\
        --schedule burda:STAGES
    ./vae eval --model RUN --iw-samples 5000

Run it as (all of it takes hours; --stages 1 --limit 1000 takes seconds):

    /usr/bin/python3 benchmarks/pytorch/iwae_protocol.py --k 5 [--stages 8] [--eval-k 5000]

Model: 784-200-200-50 tanh MLPs, the encoder ending in separate mean and log-variance layers,
the decoder in Bernoulli logits; a standard normal prior. Training: the repository's MNIST
(common.py reads the same IDX files as vae4j), shuffled every epoch, batch 100, each batch
binarised afresh (torch.bernoulli), Adam with epsilon 1e-4, Glorot-uniform weights and zero
biases, the decoder's last bias at the logit of the training images' mean grey value (clamped to
[1e-4, 1 - 1e-4], as vae4j's --output-bias data-mean). Objective: the ELBO with the analytic KL
for --k 1, the IWAE bound with K samples otherwise. Schedule: stage i = 0 .. STAGES-1 runs 3^i
epochs at learning rate 1e-3 * 10^(-i/7) (8 stages: 3,280 epochs).

Evaluation, as `vae eval` does it for a run trained on binarised data: the test set is binarised
once, with a fixed seed (--eval-seed; the sample differs from vae4j's, whose generator differs,
but the convention is the same), then the one-sample ELBO (analytic KL) and the K-sample IWAE
bound of log p(x) (--eval-k, default 5000) are averaged over it; the IWAE bound comes with its
standard error over the images. The bound is computed in chunks of at most 10,000 decoder rows,
as vae4j's Evaluator does, so memory stays bounded for any K. Prints one JSON object on stdout;
progress goes to stderr.

--limit N uses the first N training and test images (as `vae train --limit`), for quick trials.
"""
import argparse
import json
import math
import os
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MNIST, peak_rss_mb, read_images  # noqa: E402

ROWS_PER_CHUNK = 10_000
MEAN_CLAMP = 1e-4


class BurdaVae(nn.Module):
    """784-200-200-50 (by default) tanh encoder and decoder, initialised as the IWAE code does."""

    def __init__(self, features=784, hidden=(200, 200), latent=50, train_mean=None):
        super().__init__()
        sizes = [features, *hidden]
        self.enc = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.mean = nn.Linear(hidden[-1], latent)
        self.log_var = nn.Linear(hidden[-1], latent)
        back = [latent, *reversed(hidden)]
        self.dec = nn.ModuleList(nn.Linear(a, b) for a, b in zip(back, back[1:]))
        self.out = nn.Linear(hidden[0], features)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        if train_mean is not None:
            p = train_mean.clamp(MEAN_CLAMP, 1 - MEAN_CLAMP)
            with torch.no_grad():
                self.out.bias.copy_(torch.log(p / (1 - p)))

    def encode(self, x):
        for layer in self.enc:
            x = torch.tanh(layer(x))
        return self.mean(x), self.log_var(x)

    def decode(self, z):
        for layer in self.dec:
            z = torch.tanh(layer(z))
        return self.out(z)


def neg_elbo_rows(model, x):
    """-ELBO per example: one latent sample, the analytic KL."""
    mu, log_var = model.encode(x)
    z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
    rec = F.binary_cross_entropy_with_logits(model.decode(z), x, reduction="none").sum(-1)
    kl = -0.5 * (1 + log_var - mu.pow(2) - log_var.exp()).sum(-1)
    return rec + kl


def log_weights(model, x, k):
    """log p(x, z) - log q(z|x) for k samples per example, [k, B]."""
    mu, log_var = model.encode(x)
    eps = torch.randn((k,) + mu.shape)
    z = mu + torch.exp(0.5 * log_var) * eps
    logits = model.decode(z.reshape(-1, z.shape[-1])).view(k, x.shape[0], -1)
    log_px = -F.binary_cross_entropy_with_logits(
        logits, x.expand_as(logits), reduction="none").sum(-1)
    # log p(z) - log q(z|x); the log(2 pi) terms cancel
    return log_px + 0.5 * (eps.pow(2) - z.pow(2) + log_var).sum(-1)


def neg_iwae_rows(model, x, k):
    """-L_K per example."""
    return -(torch.logsumexp(log_weights(model, x, k), 0) - math.log(k))


def iwae_bound(model, x, k):
    """The K-sample bound per example, in chunks of at most ROWS_PER_CHUNK decoder rows."""
    per_chunk = min(k, ROWS_PER_CHUNK)
    examples = max(1, ROWS_PER_CHUNK // per_chunk)
    out = []
    for xb in x.split(examples):
        total = torch.full((xb.shape[0],), -math.inf)
        for start in range(0, k, per_chunk):
            lw = log_weights(model, xb, min(per_chunk, k - start))
            total = torch.logaddexp(total, torch.logsumexp(lw, 0))
        out.append(total - math.log(k))
    return torch.cat(out)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--k", type=int, default=1, help="training samples: 1 ELBO, >1 IWAE bound")
    p.add_argument("--stages", type=int, default=8, help="schedule stages (8: 3,280 epochs)")
    p.add_argument("--eval-k", type=int, default=5000, help="samples of the test bound")
    p.add_argument("--eval-seed", type=int, default=1, help="seed of the test binarisation")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    p.add_argument("--data", default=MNIST)
    p.add_argument("--limit", type=int, help="use the first N training and test images only")
    a = p.parse_args()
    for name in ("k", "stages", "eval_k"):
        if getattr(a, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    if a.limit is not None and a.limit < 1:
        p.error("--limit must be >= 1")

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train = torch.from_numpy(read_images(os.path.join(a.data, "train-images-idx3-ubyte.gz")))
    test = torch.from_numpy(read_images(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")))
    if a.limit:
        train, test = train[:a.limit], test[:a.limit]
    model = BurdaVae(train_mean=train.mean(0))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-4)

    epochs, history, start = 0, [], time.perf_counter()
    for stage in range(a.stages):
        lr = 1e-3 * 10 ** (-stage / 7)
        for group in opt.param_groups:
            group["lr"] = lr
        for _ in range(3 ** stage):
            total = 0.0
            for idx in torch.randperm(train.shape[0]).split(100):
                x = torch.bernoulli(train[idx])
                rows = neg_iwae_rows(model, x, a.k) if a.k > 1 else neg_elbo_rows(model, x)
                loss = rows.mean()
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                total += loss.item() * x.shape[0]
            epochs += 1
            history.append(total / train.shape[0])
        log(f"stage {stage}: {3 ** stage} epochs at lr {lr:.3e}, epoch {epochs},"
            f" train loss {history[-1]:.2f}")
    train_seconds = time.perf_counter() - start

    g = torch.Generator().manual_seed(a.eval_seed)
    x = torch.bernoulli(test, generator=g)
    start = time.perf_counter()
    with torch.no_grad():
        elbo = -torch.cat([neg_elbo_rows(model, xb) for xb in x.split(100)])
        bound = iwae_bound(model, x, a.eval_k)
    n = x.shape[0]
    print(json.dumps({
        "k": a.k,
        "stages": a.stages,
        "epochs": epochs,
        "train_examples": train.shape[0],
        "test_examples": n,
        "seed": a.seed,
        "eval_seed": a.eval_seed,
        "test_binarisation": "once, torch.bernoulli with the eval seed",
        "final_train_loss": history[-1],
        "test_elbo": elbo.mean().item(),
        "eval_k": a.eval_k,
        "test_log_px": bound.mean().item(),
        "test_log_px_se": (bound.std().item() / math.sqrt(n)) if n > 1 else None,
        "train_seconds": train_seconds,
        "eval_seconds": time.perf_counter() - start,
        "version": torch.__version__,
        "peak_rss_mb": peak_rss_mb(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
