package org.vae4j.host;

import java.util.Arrays;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.support.ParallelFor;

/**
 * The sum over some axes of an elementwise expression in one pass: each chunk of the expression's
 * values is computed as {@link HostFusion} computes it and added at once into float64 accumulators
 * of the result, so the values are never written out and read back. The result is one more operand
 * of the walk ({@link Broadcast}, its reduced axes of size 1): along a run it either advances (a
 * column sum, such as a bias gradient's) or repeats (a row's sum, added in eight chains, {@link
 * #sum}).
 *
 * <p>Where the outermost axes of the expression's shape are kept, the pieces are whole blocks of
 * them and own their part of the result, and every chunk starts at a block's start, so that a
 * block's sums (an example's log-likelihood, say) have the same bits wherever the block sits and
 * whichever blocks are summed with it. Otherwise each piece adds into float64 sums of the whole
 * result, and those are added in piece order; then the pieces are fewer, so that each adds at least
 * {@link #SPREAD} terms a sum. The cut depends only on the sizes and the workers, so the result
 * does too. A column's terms are added in float64 in the order of the walk, a row's in float32 for
 * at most {@link #BLOCK} / 8 terms a chain and then in float64; float32 results are rounded once,
 * at the end.
 */
public final class HostFusedSum {
    /** The fewest terms a piece adds into each of the result's sums where pieces share them. */
    static final int SPREAD = 8;

    /** Elements a row's float32 chains add before their sums move into a float64 one. */
    static final int BLOCK = 512;

    private HostFusedSum() {}

    /**
     * Writes into {@code z} the sum over {@code axes} (sorted, distinct) of the expression over
     * {@code in} (of {@code z}'s dtype) broadcast to {@code full}; {@code z} holds the result's
     * elements in row-major order, with or without the reduced axes as 1.
     */
    public static void apply(
            Elementwise e, HostArray z, long[] full, int[] axes, ElementCut cut, HostArray... in) {
        long total = length(full);
        long outSize = z.length();
        if (outSize == 0) {
            return;
        }
        if (total == 0) {
            put(z, 0, new double[(int) outSize]);
            return;
        }
        long[][] shapes = HostFusion.shapes(in);
        HoistedTerms h = HoistedTerms.of(e, shapes, full);
        if (h != null) {
            apply(h.rest(), z, full, axes, cut, HostFusion.withParts(h, z.isFloat(), cut, in));
            return;
        }
        long[] kept = full.clone();
        for (int a : axes) {
            kept[a] = 1;
        }
        long[][] operands = Arrays.copyOf(shapes, in.length + 1);
        operands[in.length] = kept;
        Broadcast walk = new Broadcast(full, operands);
        ElementCut byWork = cut.forWork(HostFusion.work(e) + 1);
        long outer = leadingKept(full, axes);
        if (outer > 1) {
            long inner = total / outer;
            long outInner = outSize / outer;
            byWork.rows(
                    outer,
                    inner,
                    (from, to) -> {
                        double[] acc = new double[(int) ((to - from) * outInner)];
                        HostFusion.Piece piece =
                                piece(e, in, z.isFloat(), walk, acc, from * outInner);
                        if (inner <= HostFusion.CHUNK) { // whole blocks a chunk
                            int step = (int) (HostFusion.CHUNK / inner * inner);
                            piece.run(walk, from * inner, to * inner, step);
                        } else {
                            for (long r = from; r < to; r++) {
                                piece.run(walk, r * inner, (r + 1) * inner);
                            }
                        }
                        put(z, from * outInner, acc);
                    });
            return;
        }
        ParallelFor parallel = byWork.parallel();
        int pieces =
                (int)
                        Math.max(
                                1,
                                Math.min(
                                        parallel.pieces(total, byWork.grain()),
                                        total / (SPREAD * outSize)));
        double[][] partial = new double[pieces][];
        parallel.runPieces(
                pieces,
                p -> {
                    partial[p] = new double[(int) outSize];
                    piece(e, in, z.isFloat(), walk, partial[p], 0)
                            .run(
                                    walk,
                                    ParallelFor.start(p, pieces, total),
                                    ParallelFor.start(p + 1, pieces, total));
                });
        double[] acc = partial[0];
        for (int p = 1; p < pieces; p++) {
            for (int o = 0; o < acc.length; o++) {
                acc[o] += partial[p][o];
            }
        }
        put(z, 0, acc);
    }

    /**
     * Returns the product of the leading axes of {@code full} that are not reduced (axes of size 1
     * skipped), or 1 if the first axis of another size is reduced.
     */
    static long leadingKept(long[] full, int[] axes) {
        long outer = 1;
        for (int a = 0; a < full.length; a++) {
            if (Arrays.binarySearch(axes, a) >= 0) {
                if (full[a] != 1) {
                    break;
                }
            } else {
                outer *= full[a];
            }
        }
        return outer;
    }

    private static HostFusion.Piece piece(
            Elementwise e,
            HostArray[] in,
            boolean float32,
            Broadcast walk,
            double[] acc,
            long base) {
        return float32
                ? new FloatSums(e, in, walk, acc, base)
                : new DoubleSums(e, in, walk, acc, base);
    }

    private static void put(HostArray z, long at, double[] acc) {
        if (z.isFloat()) {
            for (int o = 0; o < acc.length; o++) {
                z.floats().put((int) (at + o), (float) acc[o]);
            }
        } else {
            z.doubles().put((int) at, acc);
        }
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The sum of {@code x[from, to)}: eight float32 chains (independent additions, which the
     * processor overlaps), moved into a float64 sum every {@link #BLOCK} elements, so that no chain
     * adds more than {@code BLOCK / 8} terms in float32.
     */
    static double sum(float[] x, int from, int to) {
        double total = 0;
        int t = from;
        while (t < to) {
            int stop = Math.min(to, t + BLOCK);
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float s4 = 0;
            float s5 = 0;
            float s6 = 0;
            float s7 = 0;
            for (; t + 8 <= stop; t += 8) {
                s0 += x[t];
                s1 += x[t + 1];
                s2 += x[t + 2];
                s3 += x[t + 3];
                s4 += x[t + 4];
                s5 += x[t + 5];
                s6 += x[t + 6];
                s7 += x[t + 7];
            }
            for (; t < stop; t++) {
                s0 += x[t];
            }
            total +=
                    (((double) s0 + s1) + ((double) s2 + s3))
                            + (((double) s4 + s5) + ((double) s6 + s7));
        }
        return total;
    }

    /** The sum of {@code x[from, to)} in eight float64 chains. */
    static double sum(double[] x, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int t = from;
        for (; t + 8 <= to; t += 8) {
            s0 += x[t];
            s1 += x[t + 1];
            s2 += x[t + 2];
            s3 += x[t + 3];
            s4 += x[t + 4];
            s5 += x[t + 5];
            s6 += x[t + 6];
            s7 += x[t + 7];
        }
        for (; t < to; t++) {
            s0 += x[t];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The runs of one chunk: where each starts in the chunk, its length and its sum's offset. */
    private static final class Runs {
        final int[] start = new int[HostFusion.CHUNK];
        final int[] length = new int[HostFusion.CHUNK];
        final int[] sum = new int[HostFusion.CHUNK];
        int count;

        void add(int c, int len, long offset) {
            start[count] = c;
            length[count] = len;
            sum[count] = (int) offset;
            count++;
        }
    }

    /** A float32 piece whose values go into float64 sums. */
    private static final class FloatSums extends HostFusion.Floats {
        private final int result;
        private final double[] acc;
        private final long base;
        private final boolean advances;
        private final Runs runs = new Runs();

        FloatSums(Elementwise e, HostArray[] in, Broadcast walk, double[] acc, long base) {
            super(e, in, null);
            this.result = in.length;
            this.acc = acc;
            this.base = base;
            this.advances = walk.advances(result);
        }

        @Override
        void seen(int c, int len, long[] offsets) {
            runs.add(c, len, offsets[result] - base);
        }

        @Override
        void write(int at, int j, int n) {
            float[] x = v[j];
            for (int r = 0; r < runs.count; r++) {
                int c = runs.start[r];
                int len = runs.length[r];
                int o = runs.sum[r];
                if (advances) {
                    for (int t = 0; t < len; t++) {
                        acc[o + t] += x[c + t];
                    }
                } else {
                    acc[o] += sum(x, c, c + len);
                }
            }
            runs.count = 0;
        }
    }

    /** A float64 piece whose values go into float64 sums. */
    private static final class DoubleSums extends HostFusion.Doubles {
        private final int result;
        private final double[] acc;
        private final long base;
        private final boolean advances;
        private final Runs runs = new Runs();

        DoubleSums(Elementwise e, HostArray[] in, Broadcast walk, double[] acc, long base) {
            super(e, in, null);
            this.result = in.length;
            this.acc = acc;
            this.base = base;
            this.advances = walk.advances(result);
        }

        @Override
        void seen(int c, int len, long[] offsets) {
            runs.add(c, len, offsets[result] - base);
        }

        @Override
        void write(int at, int j, int n) {
            double[] x = v[j];
            for (int r = 0; r < runs.count; r++) {
                int c = runs.start[r];
                int len = runs.length[r];
                int o = runs.sum[r];
                if (advances) {
                    for (int t = 0; t < len; t++) {
                        acc[o + t] += x[c + t];
                    }
                } else {
                    acc[o] += sum(x, c, c + len);
                }
            }
            runs.count = 0;
        }
    }
}
