#!/usr/bin/env python3
"""Summarises an async-profiler profile in its collapsed form, taken with its `threads` option
(one line per stack: `[thread tid=N];frame;...;frame COUNT`), as profile.sh writes it.

    python3 benchmarks/profile/summarize.py benchmarks/profile/out/profile.cpu.collapsed
    python3 benchmarks/profile/summarize.py FILE --thread vae4j-host --under '' --rows 15

Prints each thread's samples and share of all samples, then one thread's samples (those of the
threads whose name starts with --thread, only stacks through a frame containing --under) by the
innermost vae4j frame of each stack, with the function under it when that is native or JDK code:
`Nd4jGemm.call [sgemm_kernel_SKYLAKEX]` is time in OpenBLAS's kernel called from that method.
Standard library only.
"""
import argparse
import collections
import re
import sys


def read(path):
    """Yields (thread name, frames, samples) for each line of a collapsed profile."""
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            stack, _, count = line.rpartition(" ")
            frames = stack.split(";")
            thread = re.sub(r"\s*tid=\d+", "", frames[0]).strip("[]")
            yield thread, frames[1:], int(count)


def short(frame):
    """A frame without its package: org/vae4j/host/HostFusion.apply -> HostFusion.apply."""
    return frame.rsplit("/", 1)[-1]


def row_key(frames):
    ours = [i for i, f in enumerate(frames) if f.startswith("org/vae4j/")]
    if not ours:
        return "(no vae4j frame) [" + short(frames[-1]) + "]" if frames else "(empty)"
    i = ours[-1]
    under = "" if i == len(frames) - 1 else " [" + short(frames[-1])[:70] + "]"
    return short(frames[i]) + under


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("profile", help="a collapsed profile taken with async-profiler's threads option")
    p.add_argument("--thread", default="main", help="the thread to break down (a name prefix)")
    p.add_argument("--under", default="Trainer.runEpoch",
                   help="count only its stacks through a frame containing this ('' for all)")
    p.add_argument("--rows", type=int, default=30, help="rows of the breakdown")
    a = p.parse_args()
    if a.rows <= 0:
        p.error("--rows must be > 0")

    threads = collections.Counter()
    rows = collections.Counter()
    for thread, frames, n in read(a.profile):
        threads[thread] += n
        if thread.startswith(a.thread) and (not a.under or any(a.under in f for f in frames)):
            rows[row_key(frames)] += n
    total = sum(threads.values())
    if total == 0:
        sys.exit("summarize.py: no samples in " + a.profile)
    print("threads: samples, share of all samples")
    for name, n in threads.most_common(10):
        print("%8d %6.1f%%  %s" % (n, 100 * n / total, name))
    picked = sum(rows.values())
    where = " under " + a.under if a.under else ""
    if picked == 0:
        sys.exit("summarize.py: no samples of a thread named %s...%s" % (a.thread, where))
    print("\n%s%s: %d samples, by innermost vae4j method [native or JDK function under it]"
          % (a.thread, where, picked))
    for key, n in rows.most_common(a.rows):
        print("%8d %6.1f%%  %s" % (n, 100 * n / picked, key))
    return 0


if __name__ == "__main__":
    sys.exit(main())
