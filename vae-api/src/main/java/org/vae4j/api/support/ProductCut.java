package org.vae4j.api.support;

import java.util.Arrays;
import java.util.List;

/**
 * How matrix products that do not read each other's results are cut into pieces over a {@link
 * ParallelFor}, for CPU backends that run a single-threaded BLAS {@code gemm} on each piece ({@link
 * GemmPiece}). Each product is cut along the longer side of its result, into pieces of at least
 * {@code grain} multiply-adds. One product takes up to every worker. Several share the workers in
 * proportion to their multiply-adds, each at least one piece: two products of one size on two
 * workers run side by side, whole, instead of each cut in two, one after the other (one hand-over
 * instead of two, and no operand packed by both threads). Products that together make fewer than
 * two grains, and every product when the grain is {@link Long#MAX_VALUE} (a BLAS that runs its own
 * threads), run on the caller one after another. The cut depends only on the sizes, the worker
 * count and the grain, so each piece's bits do not depend on timing.
 */
public final class ProductCut {
    private final Size[] sizes;
    private final int[] pieces;
    private final boolean together;

    private ProductCut(Size[] sizes, int[] pieces, boolean together) {
        this.sizes = sizes;
        this.pieces = pieces;
        this.together = together;
    }

    /**
     * A product's result is {@code [m, n]} and its inner size {@code k}; all positive.
     *
     * @param m rows of the result
     * @param n columns of the result
     * @param k the inner size
     */
    public record Size(int m, int n, int k) {
        /** Checks that the product has work. */
        public Size {
            if (m < 1 || n < 1 || k < 1) {
                throw new IllegalArgumentException(
                        "a product to cut needs positive sizes, got m="
                                + m
                                + " n="
                                + n
                                + " k="
                                + k);
            }
        }

        double macs() {
            return (double) m * n * k;
        }

        boolean rows() {
            return m >= n;
        }

        long lines() {
            return rows() ? m : n;
        }

        /** The most pieces of at least {@code grain} multiply-adds, at most {@code workers}. */
        int mostPieces(long grain, int workers) {
            return ParallelFor.pieces(lines(), lineGrain(grain), workers);
        }

        /** The fewest lines that make a piece of {@code grain} multiply-adds. */
        long lineGrain(long grain) {
            long perLine = (long) (rows() ? n : m) * k;
            return grain / perLine + (grain % perLine == 0 ? 0 : 1);
        }
    }

    /** Returns the cut of {@code sizes} (at least one) over {@code workers} workers. */
    public static ProductCut of(List<Size> sizes, int workers, long grain) {
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("no products to cut");
        }
        Size[] s = sizes.toArray(new Size[0]);
        int[] pieces = new int[s.length];
        Arrays.fill(pieces, 1);
        if (grain == Long.MAX_VALUE || workers < 2) {
            return new ProductCut(s, pieces, false);
        }
        if (s.length == 1) {
            pieces[0] = s[0].mostPieces(grain, workers);
            return new ProductCut(s, pieces, pieces[0] > 1);
        }
        double total = 0;
        for (Size size : s) {
            total += size.macs();
        }
        int usable = (int) Math.min(workers, total / grain);
        if (usable < 2) {
            return new ProductCut(s, pieces, false);
        }
        for (int i = 0; i < s.length; i++) {
            long share = Math.round(usable * s[i].macs() / total);
            pieces[i] = (int) Math.max(1, Math.min(share, s[i].mostPieces(grain, usable)));
        }
        return new ProductCut(s, pieces, true);
    }

    /** Returns how many pieces product {@code i} is cut into. */
    int pieces(int i) {
        return pieces[i];
    }

    /** Returns whether the pieces run over the workers (else on the caller, in order). */
    boolean together() {
        return together;
    }

    /**
     * Runs every piece: on {@code parallel}'s workers when the cut says so, else on the caller;
     * returns when all have run.
     */
    public void run(ParallelFor parallel, Lines body) {
        if (!together) {
            for (int i = 0; i < sizes.length; i++) {
                for (int j = 0; j < pieces[i]; j++) {
                    piece(i, j, body);
                }
            }
            return;
        }
        int count = 0;
        for (int p : pieces) {
            count += p;
        }
        parallel.runPieces(
                count,
                piece -> {
                    int i = 0;
                    int j = piece;
                    while (j >= pieces[i]) {
                        j -= pieces[i++];
                    }
                    piece(i, j, body);
                });
    }

    private void piece(int i, int j, Lines body) {
        long lines = sizes[i].lines();
        int from = (int) ParallelFor.start(j, pieces[i], lines);
        int to = (int) ParallelFor.start(j + 1, pieces[i], lines);
        body.run(i, sizes[i].rows(), from, to);
    }

    /** The work of one piece: result rows (or columns) {@code [from, to)} of one product. */
    @FunctionalInterface
    public interface Lines {
        /**
         * Computes result rows {@code [from, to)} of product {@code product} if {@code rows}, else
         * those columns.
         */
        void run(int product, boolean rows, int from, int to);
    }
}
