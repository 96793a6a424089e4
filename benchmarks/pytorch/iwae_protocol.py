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

--latent 100,50 trains the paper's second architecture instead, two stochastic layers (the twin
of vae4j's `--latent 100,50 --hidden 200,200`): its ELBO's KL has no closed form, so the ELBO is
the one-sample log weight, as in vae4j.

--limit N uses the first N training and test images (as `vae train --limit`), for quick trials.

--state FILE saves the model, Adam's state, the random generator and the losses after every
epoch (written to FILE.tmp, then renamed) and, when FILE exists, resumes after its last epoch,
drawing what the uninterrupted run would have drawn: a run of hours survives being stopped.
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
LOG_2PI = math.log(2 * math.pi)


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


class GaussianMlp(nn.Module):
    """tanh layers, then the mean and log-variance of a diagonal Gaussian."""

    def __init__(self, n_in, hidden, n_out):
        super().__init__()
        sizes = [n_in, *hidden]
        self.body = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.mean = nn.Linear(sizes[-1], n_out)
        self.log_var = nn.Linear(sizes[-1], n_out)

    def forward(self, x):
        for layer in self.body:
            x = torch.tanh(layer(x))
        return self.mean(x), self.log_var(x)


def log_normal(x, mu, log_var):
    return -0.5 * (LOG_2PI + log_var + (x - mu).pow(2) / log_var.exp()).sum(-1)


class TwoLayerVae(nn.Module):
    """The paper's two stochastic layers: q(h1|x) 784-200-200-100, q(h2|h1) 100-100-100-50,
    p(h1|h2) 50-100-100-100, p(x|h1) 100-200-200-784, p(h2) = N(0, I); as vae4j's
    `--latent 100,50 --hidden 200,200`, each network above h1 as wide as h1."""

    def __init__(self, features=784, hidden=(200, 200), latents=(100, 50), train_mean=None):
        super().__init__()
        h1, h2 = latents
        self.q1 = GaussianMlp(features, hidden, h1)
        self.q2 = GaussianMlp(h1, (h1,) * len(hidden), h2)
        self.p1 = GaussianMlp(h2, (h1,) * len(hidden), h1)
        back = [h1, *reversed(hidden)]
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

    def log_weights(self, x, k):
        mu1, lv1 = self.q1(x)
        h1 = mu1 + torch.exp(0.5 * lv1) * torch.randn((k,) + mu1.shape)
        mu2, lv2 = self.q2(h1)
        h2 = mu2 + torch.exp(0.5 * lv2) * torch.randn_like(mu2)
        pm, plv = self.p1(h2)
        z = h1
        for layer in self.dec:
            z = torch.tanh(layer(z))
        logits = self.out(z)
        log_px = -F.binary_cross_entropy_with_logits(
            logits, x.expand_as(logits), reduction="none").sum(-1)
        zero = torch.zeros_like(h2)
        return (log_px + log_normal(h1, pm, plv) + log_normal(h2, zero, zero)
                - log_normal(h1, mu1, lv1) - log_normal(h2, mu2, lv2))


def neg_elbo_rows(model, x):
    """-ELBO per example: one latent sample, the analytic KL (sampled for two layers)."""
    if isinstance(model, TwoLayerVae):
        return -model.log_weights(x, 1)[0]
    mu, log_var = model.encode(x)
    z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
    rec = F.binary_cross_entropy_with_logits(model.decode(z), x, reduction="none").sum(-1)
    kl = -0.5 * (1 + log_var - mu.pow(2) - log_var.exp()).sum(-1)
    return rec + kl


def log_weights(model, x, k):
    """log p(x, z) - log q(z|x) for k samples per example, [k, B]."""
    if isinstance(model, TwoLayerVae):
        return model.log_weights(x, k)
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
    p.add_argument("--latent", default="50",
                   help="50 (one stochastic layer) or 100,50 (the paper's two layers)")
    p.add_argument("--state", help="save after every epoch to this file; resume from it")
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
    latents = tuple(int(v) for v in a.latent.split(","))
    if len(latents) == 1:
        model = BurdaVae(latent=latents[0], train_mean=train.mean(0))
    elif len(latents) == 2:
        model = TwoLayerVae(latents=latents, train_mean=train.mean(0))
    else:
        p.error("--latent takes one size or two")
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-4)

    settings = {k: getattr(a, k) for k in ("k", "stages", "seed", "limit", "latent", "data")}
    done, history, earlier_seconds = 0, [], 0.0
    if a.state and os.path.exists(a.state):
        saved = torch.load(a.state)
        if saved["settings"] != settings:
            p.error(f"--state {a.state} was saved with {saved['settings']}, not {settings}")
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        torch.set_rng_state(saved["rng"])
        done, history, earlier_seconds = saved["epochs"], saved["history"], saved["seconds"]
        log(f"resuming {a.state} after epoch {done}")

    epochs, start = 0, time.perf_counter()
    for stage in range(a.stages):
        lr = 1e-3 * 10 ** (-stage / 7)
        for group in opt.param_groups:
            group["lr"] = lr
        for _ in range(3 ** stage):
            if epochs < done:
                epochs += 1
                continue
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
            if a.state:
                torch.save({"settings": settings, "model": model.state_dict(),
                            "opt": opt.state_dict(), "rng": torch.get_rng_state(),
                            "epochs": epochs, "history": history,
                            "seconds": earlier_seconds + time.perf_counter() - start},
                           a.state + ".tmp")
                os.replace(a.state + ".tmp", a.state)
        if epochs > done:
            log(f"stage {stage}: {3 ** stage} epochs at lr {lr:.3e}, epoch {epochs},"
                f" train loss {history[-1]:.2f}")
    train_seconds = earlier_seconds + time.perf_counter() - start

    g = torch.Generator().manual_seed(a.eval_seed)
    x = torch.bernoulli(test, generator=g)
    start = time.perf_counter()
    with torch.no_grad():
        elbo = -torch.cat([neg_elbo_rows(model, xb) for xb in x.split(100)])
        bound = iwae_bound(model, x, a.eval_k)
    n = x.shape[0]
    print(json.dumps({
        "k": a.k,
        "latent": a.latent,
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
