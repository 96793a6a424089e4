package org.vae4j.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pieces of a product, computed by a naive row-major gemm, put together give the whole product. */
class GemmPieceTest {
    private static final int M = 5;
    private static final int N = 7;
    private static final int K = 3;

    @Test
    void rowAndColumnPiecesMakeTheWholeProductForEveryTranspose() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] a = values(M * K, 1);
                double[] b = values(K * N, 2);
                double[] whole = new double[M * N];
                gemm(ta, tb, K, a, b, whole, GemmPiece.of(ta, tb, M, N, K, true, 0, M));
                for (boolean rows : new boolean[] {true, false}) {
                    double[] cut = new double[M * N];
                    int lines = rows ? M : N;
                    for (int from = 0; from < lines; from += 2) {
                        int to = Math.min(lines, from + 2);
                        gemm(ta, tb, K, a, b, cut, GemmPiece.of(ta, tb, M, N, K, rows, from, to));
                    }
                    assertThat(cut).as("ta=%s tb=%s rows=%s", ta, tb, rows).containsExactly(whole);
                }
                assertThat(whole[N + 2]).isEqualTo(expected(ta, tb, a, b, 1, 2));
            }
        }
    }

    /**
     * {@code c[piece] = op(a[piece]) op(b[piece])}, row-major, {@code c}'s row length {@link #N}.
     */
    private static void gemm(
            boolean ta, boolean tb, int k, double[] a, double[] b, double[] c, GemmPiece p) {
        for (int i = 0; i < p.m(); i++) {
            for (int j = 0; j < p.n(); j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    double x = a[(int) p.aOffset() + (ta ? t * p.lda() + i : i * p.lda() + t)];
                    double y = b[(int) p.bOffset() + (tb ? j * p.ldb() + t : t * p.ldb() + j)];
                    s += x * y;
                }
                c[(int) p.cOffset() + i * N + j] = s;
            }
        }
    }

    /** Element {@code (i, j)} of {@code op(a) op(b)} from the definition. */
    private static double expected(boolean ta, boolean tb, double[] a, double[] b, int i, int j) {
        double s = 0;
        for (int t = 0; t < K; t++) {
            s += (ta ? a[t * M + i] : a[i * K + t]) * (tb ? b[j * K + t] : b[t * N + j]);
        }
        return s;
    }

    private static double[] values(int n, int seed) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(seed * 31 + i * 1.7);
        }
        return v;
    }
}
