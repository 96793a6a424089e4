#!/usr/bin/env python3
"""torch.optim.Adam's two implementations inside training, in one process: a zoo model's twin
(zoo.py) trains on MNIST for two epochs while two Adams over the same parameters, the
per-parameter loop (foreach=False, zoo.py's default) and foreach=True, take turns in blocks of 25
steps; after 100 warm-up steps it prints, per implementation, the median time of a whole step and
of the optimizer's step alone. Taking turns in one process keeps the machine's drift, which moves
PyTorch's epoch by 20-30% between runs here, out of the comparison.

    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch/adam_variants.py --model burda
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zoo  # noqa: E402
from common import MNIST, read_images  # noqa: E402

BLOCK = 25
WARM_UP = 100


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default="canonical",
                   choices=[m for m, spec in zoo.MODELS.items()
                            if spec[0] != "conv" and m not in zoo.CONTINUOUS])
    p.add_argument("--data", default=MNIST, help="folder of the MNIST IDX files")
    p.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1)")
    a = p.parse_args()
    hidden, latent, act, batch, k, binarise = zoo.MODELS[a.model]
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    x_all = torch.from_numpy(read_images(os.path.join(a.data, "train-images-idx3-ubyte.gz")))
    model = zoo.MlpVae(hidden, latent, act)
    opts = {"loop": torch.optim.Adam(model.parameters(), lr=1e-3, foreach=False),
            "foreach": torch.optim.Adam(model.parameters(), lr=1e-3, foreach=True)}
    steps = {name: [] for name in opts}
    updates = {name: [] for name in opts}
    batches = torch.randperm(x_all.shape[0]).split(batch) * 2
    for i, idx in enumerate(batches):
        name = list(opts)[(i // BLOCK) % 2]
        start = time.perf_counter()
        x = x_all[idx]
        if binarise:
            x = torch.bernoulli(x)
        loss = zoo.neg_iwae(model, x, None, "logits", k) if k > 1 else zoo.neg_elbo(
            model, x, None, "logits")
        opts[name].zero_grad(set_to_none=True)
        loss.backward()
        update = time.perf_counter()
        opts[name].step()
        end = time.perf_counter()
        if i >= WARM_UP:
            steps[name].append(end - start)
            updates[name].append(end - update)
    for name in opts:
        print("%-11s %-7s step %.3f ms, Adam %.3f ms (medians of %d steps)" % (
            a.model, name, statistics.median(steps[name]) * 1e3,
            statistics.median(updates[name]) * 1e3, len(steps[name])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
