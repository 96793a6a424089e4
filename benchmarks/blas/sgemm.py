#!/usr/bin/env python3
"""OpenBLAS's cblas_sgemm at the shapes vae4j's models use, called through ctypes from any
libopenblas build (ND4J's bundled one, Debian's, a newer bytedeco jar's), so that builds and
thread settings compare on equal terms:

    OPENBLAS_CORETYPE=SkylakeX python3 benchmarks/blas/sgemm.py LIBOPENBLAS.so [--threads N]

Prints GFLOP/s (best of 7 blocks of 200 calls) for the canonical model's three products; with
--threads 1 also the same products cut in two halves run on two Python threads (ctypes releases
the GIL), as nd4j cuts them; and the conv model's per-image products against one product over
64 images. Needs numpy only. Outside the build, like every benchmark here.
"""
import argparse
import ctypes
import threading
import time

import numpy as np

ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("library", help="path of a libopenblas shared library")
    p.add_argument("--threads", type=int, default=1, help="OpenBLAS threads (default 1)")
    a = p.parse_args()
    lib = ctypes.CDLL(a.library, mode=ctypes.RTLD_LOCAL)
    lib.openblas_set_num_threads(a.threads)
    lib.openblas_get_corename.restype = ctypes.c_char_p
    print(f"{a.library}: kernels {lib.openblas_get_corename().decode()}, {a.threads} thread(s)")

    def gemm(ta, tb, m, n, k, A, lda, B, ldb, C, ldc, aoff=0, boff=0, coff=0):
        lib.cblas_sgemm(ROW_MAJOR, TRANS if ta else NO_TRANS, TRANS if tb else NO_TRANS,
                        m, n, k, ctypes.c_float(1.0), ctypes.c_void_p(A.ctypes.data + 4 * aoff),
                        lda, ctypes.c_void_p(B.ctypes.data + 4 * boff), ldb,
                        ctypes.c_float(0.0), ctypes.c_void_p(C.ctypes.data + 4 * coff), ldc)

    def rate(flops, fn, calls=200):
        for _ in range(20):
            fn()
        best = min(timed(fn, calls) for _ in range(7))
        return flops / best / 1e9

    def timed(fn, calls):
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - t) / calls

    rng = np.random.default_rng(0)
    # name, m, n, k, transpose a, transpose b: x W^T, g^T x, g W of the 784-400 layer, batch 128
    for name, m, n, k, ta, tb in [("x W^T 128x784x400", 128, 400, 784, False, True),
                                  ("g^T x 400x128x784", 400, 784, 128, True, False),
                                  ("g W   128x400x784", 128, 784, 400, False, False)]:
        A = rng.standard_normal((k, m) if ta else (m, k)).astype(np.float32)
        B = rng.standard_normal((n, k) if tb else (k, n)).astype(np.float32)
        C = np.zeros((m, n), np.float32)
        lda, ldb = (m if ta else k), (k if tb else n)
        whole = rate(2 * m * n * k, lambda: gemm(ta, tb, m, n, k, A, lda, B, ldb, C, n))
        line = f"  {name}  {whole:6.1f} GFLOP/s"
        if a.threads == 1:
            rows = m >= n
            size = m if rows else n

            def half(lo, hi, calls):
                for _ in range(calls):
                    if rows:
                        gemm(ta, tb, hi - lo, n, k, A, lda, B, ldb, C, n,
                             aoff=lo if ta else lo * k, coff=lo * n)
                    else:
                        gemm(ta, tb, m, hi - lo, k, A, lda, B, ldb, C, n,
                             boff=lo * k if tb else lo, coff=lo)

            def halves(calls=200):
                t = threading.Thread(target=half, args=(size // 2, size, calls))
                t.start()
                half(0, size // 2, calls)
                t.join()

            best = min(timed(lambda: halves(1), 200) for _ in range(7))
            line += f"   two halves on two threads {2 * m * n * k / best / 1e9:6.1f} GFLOP/s"
        print(line)
    # The conv model's second convolution lowered per image ([64, 512] x [512, 49]) against one
    # product over 64 images' columns ([3136, 512] x [512, 64]).
    o, cells, rows, images = 64, 49, 512, 64
    W = rng.standard_normal((o, rows)).astype(np.float32)
    X = rng.standard_normal((images, rows, cells)).astype(np.float32)
    Z = np.zeros((images, o, cells), np.float32)
    flops = 2 * o * cells * rows * images
    per_image = rate(flops, lambda: [gemm(False, False, o, cells, rows, W, rows, X, cells, Z,
                                          cells, boff=i * rows * cells, coff=i * o * cells)
                                     for i in range(images)], calls=10)
    Xt = rng.standard_normal((images * cells, rows)).astype(np.float32)
    Zt = np.zeros((images * cells, o), np.float32)
    batched = rate(flops, lambda: gemm(False, True, images * cells, o, rows, Xt, rows, W, rows,
                                       Zt, o), calls=10)
    print(f"  conv 64x49x512 per image x64  {per_image:6.1f} GFLOP/s   "
          f"as one 3136x64x512 product {batched:6.1f} GFLOP/s")


if __name__ == "__main__":
    main()
