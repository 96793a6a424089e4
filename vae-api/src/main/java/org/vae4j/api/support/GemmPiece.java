package org.vae4j.api.support;

/**
 * One piece of a row-major matrix product {@code c = op(a) op(b)} cut along the rows or the columns
 * of its result, for CPU backends that run a single-threaded BLAS {@code gemm} on each piece over a
 * {@link ParallelFor}: the piece's sizes, each operand's leading dimension (its full row length;
 * {@code c}'s is the product's {@code n}) and the offsets, in elements, of the piece's first
 * element in each operand.
 *
 * @param m rows of the piece of {@code c}
 * @param n columns of the piece of {@code c}
 * @param lda the leading dimension of {@code a} as stored
 * @param ldb the leading dimension of {@code b} as stored
 * @param aOffset where the piece's part of {@code a} starts
 * @param bOffset where the piece's part of {@code b} starts
 * @param cOffset where the piece of {@code c} starts
 */
public record GemmPiece(int m, int n, int lda, int ldb, long aOffset, long bOffset, long cOffset) {
    /**
     * Returns the piece holding result rows (if {@code rows}) or columns {@code [from, to)} of the
     * product of {@code op(a)} {@code [m, k]} and {@code op(b)} {@code [k, n]}, where {@code ta}
     * and {@code tb} say whether {@code a} and {@code b} are stored transposed.
     */
    public static GemmPiece of(
            boolean ta, boolean tb, int m, int n, int k, boolean rows, int from, int to) {
        return new GemmPiece(
                rows ? to - from : m,
                rows ? n : to - from,
                ta ? m : k,
                tb ? k : n,
                rows ? (ta ? from : (long) from * k) : 0,
                rows ? 0 : (tb ? (long) from * k : from),
                rows ? (long) from * n : from);
    }
}
