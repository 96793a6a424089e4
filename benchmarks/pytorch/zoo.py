#!/usr/bin/env python3
"""The models of `./vae bench --model NAME` in PyTorch, timed the way `vae bench` times them.

    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/zoo.py --model burda --epochs 2
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/zoo.py --limit 12800 --epochs 1

Models (vae4j's BenchModel), all Adam 1e-3, float32, shuffled MNIST training set:
  canonical    784-400-20 ReLU, grey pixels in [0,1], batch 128, ELBO
  burda        784-200-200-50 tanh, dynamic binarisation (torch.bernoulli each batch), batch 100,
               ELBO
  burda-iwae5  the same on the IWAE bound, K = 5: the batch's latents drawn 5 times, the 5*B rows
               decoded at once, the bound a torch.logsumexp over the samples
  conv, cvae   conv_vae.py's convolutional VAE, plain and conditioned on the one-hot label
  conv-bn      conv with batch norm after every convolution and dense hidden layer (nn.BatchNorm2d,
               nn.BatchNorm1d, before the activation, as vae4j's --batch-norm)
  cb-elu       784-400-20 ELU, grey pixels under the continuous Bernoulli (Loaiza-Ganem and
               Cunningham 2019), batch 128, ELBO: a model off the tuned path, its likelihood's
               normaliser a dozen elementwise ops (--cb picks the formulation, below)
Encoders end in mean and log-variance heads (one product here, split in two), decoders in
Bernoulli logits; the loss is the batch mean of the negative bound with the analytic KL.

Timing as in `vae bench`: the first epoch is warm-up when there are two or more, the speed is
the median of the others, seconds per epoch are scaled to the 60,000 training images (so
`--limit 12800 --epochs 1` matches `vae bench --steps 100` at batch 128), the sgemm bound is the
model's matrix FLOPs per epoch counted as vae4j counts them over the matmul speed at the
canonical model's shapes (common.py). Prints one JSON line with vae_bench.py's keys.

--loss picks the Bernoulli term: `logits` (default) is F.binary_cross_entropy_with_logits
(reduction='sum'); `sigmoid` is pytorch/examples' torch.sigmoid then F.binary_cross_entropy
(reduction='sum'). vae_bench.py's with-logits form (reduction='none', .sum(1), .mean()) is not
the slower one here (PyTorch 1.13, Debian, 2 cores, load 7-12): end to end the two are within
the noise, and the loss alone costs about half as much with logits. `--profile 40` shows the
ops: in 1.13 with-logits is a dozen vectorised passes (neg, clamp_min, exp twice, log, ...) with
a sigmoid - target backward, 1.3 ms a step; binary_cross_entropy is a scalar loop with two logs
and a range check per element, 1.9 ms a step, 2.6 ms with its backward and the sigmoid's. The
products (aten::mm, addmm) take about 80% of a step either way. Numbers: docs/BENCHMARKS.md,
"The two loss formulations".

--denormals flush (the default) sets torch.set_flush_denormal(True): subnormal numbers (the IWAE
bound's smallest weights reach the gradients as such) count as zero on the training thread. With
them kept, burda-iwae5 ran 8.5-9.2 s/epoch against 7.4-7.7 flushed (three alternating pairs), so
the twin flushes; vae4j drops those weights in log-sum-exp instead (docs/PERFORMANCE.md).

--adam picks torch.optim.Adam's implementation: `loop` (the default: 1.13's per-parameter ops) or
`foreach` (its multi-tensor ops). Alone over canonical's parameters foreach steps faster (2.0-2.7
against 2.8-3.3 ms, one thread); inside training it is not faster (adam_variants.py times both in
one process; docs/BENCHMARKS.md).
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (MNIST, check_blas, conv_flops, gemm_gflops, mlp_flops,  # noqa: E402
                    peak_rss_mb, read_images, read_labels)

# name: (hidden sizes or "conv", latent, activation, batch, IWAE samples, dynamic binarisation)
MODELS = {
    "canonical": ([400], 20, torch.relu, 128, 1, False),
    "burda": ([200, 200], 50, torch.tanh, 100, 1, True),
    "burda-iwae5": ([200, 200], 50, torch.tanh, 100, 5, True),
    "conv": ("conv", 16, torch.relu, 128, 1, False),
    "cvae": ("conv", 16, torch.relu, 128, 1, False),
    "cb-elu": ([400], 20, F.elu, 128, 1, False),
    "conv-bn": ("conv", 16, torch.relu, 128, 1, False),
}
CONTINUOUS = {"cb-elu"}
CB_CUT = 0.1  # vae4j's ContinuousBernoulli.TAYLOR_CUT


class MlpVae(nn.Module):
    def __init__(self, hidden, latent, act, features=784):
        super().__init__()
        sizes = [features] + hidden
        self.enc = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.heads = nn.Linear(hidden[-1], 2 * latent)
        back = [latent] + hidden[::-1]
        self.dec = nn.ModuleList(nn.Linear(a, b) for a, b in zip(back, back[1:]))
        self.out = nn.Linear(hidden[0], features)
        self.act = act

    def encode(self, x, c=None):
        for layer in self.enc:
            x = self.act(layer(x))
        return self.heads(x).chunk(2, dim=1)

    def decode(self, z, c=None):
        for layer in self.dec:
            z = self.act(layer(z))
        return self.out(z)


class ConvTwin(nn.Module):
    """conv_vae.py's ConvVae behind the same encode/decode as MlpVae."""

    def __init__(self, classes, batch_norm=False):
        super().__init__()
        from conv_vae import ConvVae
        self.m = ConvVae(classes=classes, batch_norm=batch_norm)

    def encode(self, x, c=None):
        h = self.m.conv(x.view(-1, 1, 28, 28))
        h = self.m.dense(h if c is None else torch.cat([h, c], 1))
        return self.m.mean(h), self.m.log_var(h)

    def decode(self, z, c=None):
        return self.m.dec(z if c is None else torch.cat([z, c], 1)).flatten(1)


def bernoulli_nll(logits, x, loss):
    """Summed -log p(x|z) over all elements."""
    if loss == "sigmoid":
        return F.binary_cross_entropy(torch.sigmoid(logits), x, reduction="sum")
    return F.binary_cross_entropy_with_logits(logits, x, reduction="sum")


def bernoulli_nll_rows(logits, x, loss):
    """-log p(x|z) per row (summed over the last axis); x broadcasts as an expanded view."""
    x = x.expand_as(logits)
    if loss == "sigmoid":
        bce = F.binary_cross_entropy(torch.sigmoid(logits), x, reduction="none")
    else:
        bce = F.binary_cross_entropy_with_logits(logits, x, reduction="none")
    return bce.sum(-1)


def cb_nll(logits, x, loss, form):
    """Summed -log p(x|z) under the continuous Bernoulli: the Bernoulli term minus the log
    normaliser log C(l) = log|l| - log|tanh(l/2)|, by its Taylor series log 2 + l^2/12 - 7 l^4/1440
    where |l| < 0.1 (vae4j's formula). form 'direct' writes it in torch ops; 'library' is
    torch.distributions.ContinuousBernoulli's log_prob (its own cut and series)."""
    if form == "library":
        return -torch.distributions.ContinuousBernoulli(
            logits=logits, validate_args=False).log_prob(x).sum()
    near = logits.abs() < CB_CUT
    safe = torch.where(near, torch.full_like(logits, CB_CUT), logits)
    exact = safe.abs().log() - torch.tanh(0.5 * safe).abs().log()
    l2 = logits.square()
    taylor = l2 * (1.0 / 12) - l2.square() * (7.0 / 1440) + math.log(2)
    return bernoulli_nll(logits, x, loss) - torch.where(near, taylor, exact).sum()


def neg_elbo(model, x, c, loss, cb=None):
    """Batch mean of -ELBO, one latent sample per example; cb: the continuous Bernoulli's form."""
    mu, log_var = model.encode(x, c)
    std = torch.exp(0.5 * log_var)
    z = mu + std * torch.randn_like(mu)
    logits = model.decode(z, c)
    rec = bernoulli_nll(logits, x, loss) if cb is None else cb_nll(logits, x, loss, cb)
    kl = -0.5 * torch.sum(1 + log_var - mu.pow(2) - std * std)
    return (rec + kl) / x.shape[0]


def neg_iwae(model, x, c, loss, k):
    """Batch mean of -L_K: K latents per example, the K*B rows decoded at once."""
    mu, log_var = model.encode(x, c)
    std = torch.exp(0.5 * log_var)
    eps = torch.randn((k,) + mu.shape)
    z = mu + std * eps  # [K, B, latent]
    logits = model.decode(z.reshape(-1, z.shape[-1]), c).view(k, x.shape[0], -1)
    log_px = -bernoulli_nll_rows(logits, x, loss)
    # log p(z) - log q(z|x); the log(2 pi) terms cancel
    log_w = log_px + 0.5 * (eps.pow(2) - z.pow(2) + log_var).sum(-1)
    return -(torch.logsumexp(log_w, 0) - math.log(k)).mean()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=MODELS, default="canonical")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=1,
                   help="torch intra-op threads (default 1; OpenBLAS keeps its own threads)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", default=MNIST)
    p.add_argument("--loss", choices=("logits", "sigmoid"), default="logits")
    p.add_argument("--cb", choices=("direct", "library"), default="direct",
                   help="cb-elu's likelihood: written in torch ops (default, the faster here) or"
                        " torch.distributions.ContinuousBernoulli")
    p.add_argument("--denormals", choices=("flush", "keep"), default="flush",
                   help="torch.set_flush_denormal: flush (default, the faster) or keep")
    p.add_argument("--adam", choices=("loop", "foreach"), default="loop",
                   help="torch.optim.Adam's implementation: its per-parameter loop (default, the"
                        " faster in training here) or foreach")
    p.add_argument("--limit", type=int, help="train on the first N images only")
    p.add_argument("--profile", type=int, metavar="STEPS",
                   help="instead of timing, print torch.autograd.profiler's table of STEPS steps"
                        " after 20 warm-up steps")
    a = p.parse_args()
    if a.epochs <= 0:
        p.error("--epochs must be > 0")

    hidden, latent, act, batch, k, binarise = MODELS[a.model]
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(a.denormals == "flush")
    torch.manual_seed(a.seed)
    gflops = gemm_gflops()
    x_all = torch.from_numpy(read_images(os.path.join(a.data, "train-images-idx3-ubyte.gz")))
    full = x_all.shape[0]
    classes = 10 if a.model == "cvae" else 0
    c_all = None
    if classes:
        labels = read_labels(os.path.join(a.data, "train-labels-idx1-ubyte.gz"))
        c_all = F.one_hot(labels, classes).float()
    if a.limit:
        x_all = x_all[:a.limit]
        c_all = None if c_all is None else c_all[:a.limit]
    n = x_all.shape[0]
    if hidden == "conv":
        model = ConvTwin(classes, batch_norm=a.model == "conv-bn")
        flops = conv_flops(conditions=classes)
    else:
        model = MlpVae(hidden, latent, act)
        flops = mlp_flops(784, hidden, latent, samples=k)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=a.adam == "foreach")

    def step(idx):
        x = x_all[idx]
        if binarise:
            x = torch.bernoulli(x)
        c = None if c_all is None else c_all[idx]
        cb = a.cb if a.model in CONTINUOUS else None
        loss = neg_iwae(model, x, c, a.loss, k) if k > 1 else neg_elbo(model, x, c, a.loss, cb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.detach() * x.shape[0]

    if a.profile:
        batches = torch.randperm(n).split(batch)
        for idx in batches[:20]:
            step(idx)
        with torch.autograd.profiler.profile() as prof:
            for idx in batches[20:20 + a.profile]:
                step(idx)
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=30))
        return 0

    seconds, last_loss = [], float("nan")
    for _ in range(a.epochs):
        start = time.perf_counter()
        total = torch.zeros(())
        for idx in torch.randperm(n).split(batch):
            total += step(idx)
        seconds.append(time.perf_counter() - start)
        last_loss = total.item() / n
    timed = seconds[1:] if len(seconds) > 1 else seconds
    examples_per_second = n / statistics.median(timed)
    per_epoch = full / examples_per_second
    bound = flops * full / (gflops * 1e9)
    print(json.dumps({
        "model": a.model,
        "backend": "pytorch",
        "loss": a.loss,
        "cb": a.cb if a.model in CONTINUOUS else None,
        "denormals": a.denormals,
        "adam": a.adam,
        "version": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "blas": check_blas(),
        "malloc": {k: v for k, v in os.environ.items() if k.startswith("MALLOC_")},
        "batch": batch,
        "examples": n,
        "epochs": a.epochs,
        "examples_per_second": examples_per_second,
        "seconds_per_epoch": per_epoch,
        "first_epoch_seconds": seconds[0] * full / n,
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
