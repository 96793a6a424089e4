package org.vae4j.host;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vae4j.api.ops.Op;
import org.vae4j.api.support.ParallelFor;

/**
 * SUM and MAX over any axes of a host array, as Java loops over its memory. The engines' own
 * reductions along an axis cost more per call than the work: libnd4j hands each to its thread pool
 * and waits (the bias gradients of a training step, sums over the rows of the layers' output
 * gradients, took 8% of an IWAE step on the burda model), libtorch sets up an iterator for each
 * (docs/PERFORMANCE.md). Axes of size 1 are dropped and neighbouring axes that are both reduced or
 * both kept are merged, so every reduction is one pass {@code [A, R, B] -> [A, B]} over its
 * innermost reduced run of axes (the outermost first where the innermost is a run of short rows),
 * repeated while another is left:
 *
 * <ul>
 *   <li>{@code B = 1} (rows): each run of {@link #WIDTH} elements is added into as many
 *       accumulators; rows are cut over cores, or, with fewer rows than pieces, each row is.
 *   <li>{@code B > 1} (columns, such as a bias gradient): the rows are added into accumulators one
 *       chunk of columns at a time. The cut is over {@code A} and, with fewer of those than pieces,
 *       over columns.
 * </ul>
 *
 * Both are loops the JIT vectorises, and float32 accumulators move their sums into float64 ones
 * every {@link #BLOCK} terms, so the error does not grow with the length. Each element's terms are
 * added in the same order whatever the cut, except for rows cut into pieces, whose partial sums are
 * added in piece order; the cut depends only on the sizes and the worker count, so results do too.
 * MAX propagates NaN as {@link Math#max} does.
 */
public final class HostReductions {
    /** Terms added into a float32 accumulator before its sum moves into a float64 one. */
    static final int BLOCK = 64;

    /** Accumulators of a row's sum: element j of each run of this many goes to the j-th. */
    static final int WIDTH = 256;

    /** Accumulators a row's are folded into before they are added in order. */
    static final int LANES = 64;

    private static final int CHUNK = HostScratch.CHUNK;

    private HostReductions() {}

    /**
     * Writes SUM or MAX of {@code x} (not empty) over sorted, distinct {@code axes} into {@code z},
     * whose elements are those of the axes kept (with or without the reduced axes as size 1), in
     * pieces on {@code cut}. A second run of reduced axes goes through an array on the heap.
     */
    public static void reduce(Op op, HostArray x, int[] axes, HostArray z, ElementCut cut) {
        List<long[]> groups = groups(x.shape(), axes); // {size, 1 if reduced}
        HostArray current = x;
        int last;
        while ((last = nextReduced(groups)) >= 0) {
            long a = product(groups.subList(0, last));
            long r = groups.get(last)[0];
            long b = product(groups.subList(last + 1, groups.size()));
            groups.remove(last);
            merge(groups);
            HostArray next =
                    lastReduced(groups) < 0
                            ? z
                            : HostArray.allocate(x.isFloat(), new long[] {a * b});
            if (b == 1) {
                rows(op, current, next, a, r, cut);
            } else {
                columns(op, current, next, a, r, b, cut);
            }
            current = next;
        }
        if (current == x) { // only axes of size 1 were reduced: the same elements
            int n = Math.toIntExact(x.length());
            if (x.isFloat()) {
                z.floats().put(0, x.floats(), 0, n);
            } else {
                z.doubles().put(0, x.doubles(), 0, n);
            }
        }
    }

    /** The runs of axes of size above 1 that are all reduced or all kept, outermost first. */
    private static List<long[]> groups(long[] dims, int[] axes) {
        List<long[]> groups = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != 1) {
                long reduced = Arrays.binarySearch(axes, i) >= 0 ? 1 : 0;
                groups.add(new long[] {dims[i], reduced});
            }
        }
        merge(groups);
        return groups;
    }

    private static void merge(List<long[]> groups) {
        for (int i = groups.size() - 1; i > 0; i--) {
            if (groups.get(i)[1] == groups.get(i - 1)[1]) {
                groups.get(i - 1)[0] *= groups.remove(i)[0];
            }
        }
    }

    /**
     * The run of reduced axes to remove next: the innermost, unless it is a run of short rows
     * ({@code B = 1}, fewer than {@link #WIDTH} elements) below another reduced run, such as the
     * pixels of a convolution's bias gradient under its batch. Then the outermost goes first, a
     * column pass over long contiguous blocks, and the short rows are summed last, fewer of them.
     */
    private static int nextReduced(List<long[]> groups) {
        int last = lastReduced(groups);
        if (last == groups.size() - 1 && last >= 0 && groups.get(last)[0] < WIDTH) {
            for (int i = 0; i < last; i++) {
                if (groups.get(i)[1] == 1) {
                    return i;
                }
            }
        }
        return last;
    }

    private static int lastReduced(List<long[]> groups) {
        for (int i = groups.size() - 1; i >= 0; i--) {
            if (groups.get(i)[1] == 1) {
                return i;
            }
        }
        return -1;
    }

    private static long product(List<long[]> groups) {
        long p = 1;
        for (long[] g : groups) {
            p *= g[0];
        }
        return p;
    }

    /** {@code z[i] = op over x[i * r, (i + 1) * r)} for {@code i < a}. */
    private static void rows(Op op, HostArray x, HostArray z, long a, long r, ElementCut cut) {
        ParallelFor parallel = cut.parallel();
        int pieces = parallel.pieces(a * r, cut.grain());
        if (a >= pieces && op == Op.SUM && r <= LANES) {
            cut.rows(a, r, (from, to) -> new Span(op, x, z).shortSums(from, to, (int) r));
            return;
        }
        if (a >= pieces) {
            cut.rows(
                    a,
                    r,
                    (from, to) -> {
                        Span mine = new Span(op, x, z);
                        for (long i = from; i < to; i++) {
                            mine.put(i, mine.over(i * r, (i + 1) * r));
                        }
                    });
            return;
        }
        double[] partial = new double[pieces];
        Span span = new Span(op, x, z);
        for (long i = 0; i < a; i++) {
            long start = i * r;
            parallel.runPieces(
                    pieces,
                    p ->
                            partial[p] =
                                    new Span(op, x, z)
                                            .over(
                                                    start + ParallelFor.start(p, pieces, r),
                                                    start + ParallelFor.start(p + 1, pieces, r)));
            double total = op == Op.SUM ? 0 : Double.NEGATIVE_INFINITY;
            for (double v : partial) {
                total = op == Op.SUM ? total + v : Math.max(total, v);
            }
            span.put(i, total);
        }
    }

    /** One thread's view of a row reduction's buffers, and its chunk and accumulator arrays. */
    private static final class Span {
        private final Op op;
        private final FloatBuffer xf;
        private final DoubleBuffer xd;
        private final FloatBuffer zf;
        private final DoubleBuffer zd;
        private final float[] f;
        private final double[] d;
        private final float[] lanes;
        private final double[] total;

        Span(Op op, HostArray x, HostArray z) {
            this.op = op;
            boolean isFloat = x.isFloat();
            this.xf = isFloat ? x.floats() : null;
            this.xd = isFloat ? null : x.doubles();
            this.zf = isFloat ? z.floats() : null;
            this.zd = isFloat ? null : z.doubles();
            float[][] fs = HostScratch.floats();
            double[][] ds = HostScratch.doubles();
            this.f = fs[0];
            this.d = ds[0];
            this.lanes = fs[1]; // the first WIDTH elements of each
            this.total = ds[1];
        }

        void put(long i, double value) {
            if (zf != null) {
                zf.put((int) i, (float) value);
            } else {
                zd.put((int) i, value);
            }
        }

        /**
         * SUM or MAX of the elements {@code [from, to)}. A sum reads runs of up to {@link #WIDTH}
         * elements and adds element j of each run into accumulator j, float32 accumulators moving
         * into float64 every {@link #BLOCK} runs; the accumulators are then folded into the first
         * {@link #LANES} and those added in order, in float64. Each run is read to the start of its
         * array: the JIT vectorises {@code a[j] += b[j]}, but not {@code a[j] += b[k + j]}, whose
         * arrays it cannot tell apart (4 to 8 times slower).
         */
        double over(long from, long to) {
            if (op != Op.SUM) {
                return max(from, to);
            }
            int width = (int) Math.min(WIDTH, to - from);
            Arrays.fill(total, 0, width, 0);
            if (xf != null) {
                Arrays.fill(lanes, 0, width, 0);
                int runs = 0;
                for (long at = from; at < to; at += WIDTH) {
                    int len = (int) Math.min(WIDTH, to - at);
                    xf.get((int) at, f, 0, len);
                    addInto(lanes, f, len);
                    if (++runs == BLOCK) {
                        flush(total, lanes, width);
                        runs = 0;
                    }
                }
                flush(total, lanes, width);
            } else {
                for (long at = from; at < to; at += WIDTH) {
                    int len = (int) Math.min(WIDTH, to - at);
                    xd.get((int) at, d, 0, len);
                    addInto(total, d, len);
                }
            }
            for (int k = LANES; k < width; k += LANES) {
                for (int j = 0; j < Math.min(LANES, width - k); j++) {
                    total[j] += total[k + j];
                }
            }
            double s = 0;
            for (int j = 0; j < Math.min(LANES, width); j++) {
                s += total[j];
            }
            return s;
        }

        /**
         * Sums of rows {@code [from, to)} of {@code r <= }{@link #LANES} elements: each row's terms
         * added in order in float64 from 0, the sum {@link #over} gives such a row, but eight rows
         * at a time in independent chains instead of one row's chain after another (a row of 50
         * terms is a chain of 50 dependent additions).
         */
        void shortSums(long from, long to, int r) {
            int perRead = CHUNK / r;
            for (long i = from; i < to; ) {
                int count = (int) Math.min(perRead, to - i);
                int n = count * r;
                if (xf != null) {
                    xf.get((int) (i * r), f, 0, n);
                    for (int k = 0; k < n; k++) {
                        d[k] = f[k];
                    }
                } else {
                    xd.get((int) (i * r), d, 0, n);
                }
                int row = 0;
                for (; row + 8 <= count; row += 8) {
                    int b = row * r;
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    double s4 = 0;
                    double s5 = 0;
                    double s6 = 0;
                    double s7 = 0;
                    for (int t = b; t < b + r; t++) {
                        s0 += d[t];
                        s1 += d[t + r];
                        s2 += d[t + 2 * r];
                        s3 += d[t + 3 * r];
                        s4 += d[t + 4 * r];
                        s5 += d[t + 5 * r];
                        s6 += d[t + 6 * r];
                        s7 += d[t + 7 * r];
                    }
                    put(i + row, s0);
                    put(i + row + 1, s1);
                    put(i + row + 2, s2);
                    put(i + row + 3, s3);
                    put(i + row + 4, s4);
                    put(i + row + 5, s5);
                    put(i + row + 6, s6);
                    put(i + row + 7, s7);
                }
                for (; row < count; row++) {
                    double sum = 0;
                    for (int t = row * r; t < (row + 1) * r; t++) {
                        sum += d[t];
                    }
                    put(i + row, sum);
                }
                i += count;
            }
        }

        /** MAX of the elements {@code [from, to)}, NaN propagated. */
        private double max(long from, long to) {
            double m = Double.NEGATIVE_INFINITY;
            for (long at = from; at < to; at += CHUNK) {
                int len = (int) Math.min(CHUNK, to - at);
                if (xf != null) {
                    xf.get((int) at, f, 0, len);
                    for (int i = 0; i < len; i++) {
                        m = Math.max(m, f[i]);
                    }
                } else {
                    xd.get((int) at, d, 0, len);
                    for (int i = 0; i < len; i++) {
                        m = Math.max(m, d[i]);
                    }
                }
            }
            return m;
        }
    }

    /** {@code acc[j] += row[j]} for {@code j < len}. */
    private static void addInto(double[] acc, double[] row, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] += row[j];
        }
    }

    /** {@code z[i, j] = op over k of x[i, k, j]}, for {@code x} of shape {@code [a, r, b]}. */
    private static void columns(
            Op op, HostArray x, HostArray z, long a, long r, long b, ElementCut cut) {
        int pieces = cut.parallel().pieces(a * r * b, cut.grain());
        long perRow = a >= pieces ? 1 : (pieces + a - 1) / a; // column blocks of each i
        long width = (b + perRow - 1) / perRow;
        long blocks = (b + width - 1) / width;
        long units = a * blocks;
        int used = (int) Math.min(pieces, units);
        cut.parallel()
                .runPieces(
                        used,
                        p -> {
                            Columns columns = new Columns(op, x, z);
                            long end = ParallelFor.start(p + 1, used, units);
                            for (long u = ParallelFor.start(p, used, units); u < end; u++) {
                                long i = u / blocks;
                                long c0 = (u % blocks) * width;
                                long c1 = Math.min(b, c0 + width);
                                for (long c = c0; c < c1; c += CHUNK) {
                                    int len = (int) Math.min(CHUNK, c1 - c);
                                    columns.reduce(i * r * b + c, i * b + c, r, b, len);
                                }
                            }
                        });
    }

    /** One thread's view of a column reduction's buffers and chunk arrays. */
    private static final class Columns {
        private final boolean sum;
        private final FloatBuffer xf;
        private final DoubleBuffer xd;
        private final FloatBuffer zf;
        private final DoubleBuffer zd;
        private final float[][] f = HostScratch.floats();
        private final double[][] d = HostScratch.doubles();

        Columns(Op op, HostArray x, HostArray z) {
            boolean isFloat = x.isFloat();
            this.sum = op == Op.SUM;
            this.xf = isFloat ? x.floats() : null;
            this.xd = isFloat ? null : x.doubles();
            this.zf = isFloat ? z.floats() : null;
            this.zd = isFloat ? null : z.doubles();
        }

        /** {@code len} columns from {@code at}, {@code r} rows {@code b} apart, into {@code to}. */
        void reduce(long at, long to, long r, long b, int len) {
            if (xf != null) {
                floats(at, to, r, b, len);
            } else {
                doubles(at, to, r, b, len);
            }
        }

        private void floats(long at, long to, long r, long b, int len) {
            float[] row = f[0];
            float[] acc = f[1];
            double[] total = d[0];
            Arrays.fill(acc, 0, len, sum ? 0f : Float.NEGATIVE_INFINITY);
            Arrays.fill(total, 0, len, 0);
            for (long k = 0; k < r; k++) {
                xf.get((int) (at + k * b), row, 0, len);
                if (sum) {
                    addInto(acc, row, len);
                    if ((k + 1) % BLOCK == 0) {
                        flush(total, acc, len);
                    }
                } else {
                    maxInto(acc, row, len);
                }
            }
            if (sum) {
                flush(total, acc, len);
                for (int j = 0; j < len; j++) {
                    acc[j] = (float) total[j];
                }
            }
            zf.put((int) to, acc, 0, len);
        }

        private void doubles(long at, long to, long r, long b, int len) {
            double[] row = d[0];
            double[] acc = d[1];
            Arrays.fill(acc, 0, len, sum ? 0 : Double.NEGATIVE_INFINITY);
            for (long k = 0; k < r; k++) {
                xd.get((int) (at + k * b), row, 0, len);
                if (sum) {
                    addInto(acc, row, len);
                } else {
                    for (int j = 0; j < len; j++) {
                        acc[j] = Math.max(acc[j], row[j]);
                    }
                }
            }
            zd.put((int) to, acc, 0, len);
        }
    }

    /** {@code acc[j] += row[j]} for {@code j < len}. */
    private static void addInto(float[] acc, float[] row, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] += row[j];
        }
    }

    private static void maxInto(float[] acc, float[] row, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] = Math.max(acc[j], row[j]);
        }
    }

    /** Moves the float32 sums into the float64 totals and clears them. */
    private static void flush(double[] total, float[] acc, int len) {
        for (int j = 0; j < len; j++) {
            total[j] += acc[j];
            acc[j] = 0;
        }
    }
}
