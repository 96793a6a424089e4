package org.vae4j.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.support.HostAdam;
import org.vae4j.api.support.ParallelFor;

/**
 * Kernels of the CPU build that run as Java loops over the arrays' native memory, where ND4J's own
 * are slow for a reason other than arithmetic:
 *
 * <ul>
 *   <li>The Adam step as one pass over the four buffers, in place ({@link HostAdam}).
 *   <li>The sum of all elements. libnd4j's whole-array reduction hands the work to its thread pool
 *       and waits: about 1 ms of the calling thread's CPU time (and more on other threads) even for
 *       2,560 elements, against 36 microseconds for this loop; training sums every gradient and
 *       every checked distribution parameter at each step.
 *   <li>Constants (a tensor filled with one value, most of them scalars), where dispatching a
 *       libnd4j op costs far more than writing them.
 * </ul>
 *
 * <p>The elementwise arithmetic and broadcasting are {@link Nd4jHostElementwise}.
 */
final class Nd4jHostKernels {
    /**
     * Elements moved per bulk copy between a native buffer and a Java array. The loops run over
     * arrays, which the JIT compiles without the per-element index checks of a buffer's {@code
     * get(i)} (twice as fast for the Adam step), and chunks keep the arrays in cache.
     */
    static final int CHUNK = 4096;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread chunk arrays, so that no call allocates. */
    private static final class Scratch {
        final float[][] f = new float[4][CHUNK];
        final double[][] d = new double[4][CHUNK];
    }

    /**
     * Returns this thread's four float arrays of {@link #CHUNK} elements, for one pass at a time.
     */
    static float[][] floatScratch() {
        return SCRATCH.get().f;
    }

    /** Returns this thread's four double arrays of {@link #CHUNK} elements. */
    static double[][] doubleScratch() {
        return SCRATCH.get().d;
    }

    private Nd4jHostKernels() {}

    /**
     * Returns the sum of all elements of a dense, row-major, non-empty float or double CPU array,
     * accumulated in double (in four interleaved partial sums per piece), so that a NaN or an
     * infinity makes it NaN or infinite as it does the kernel's. A large array is summed in pieces
     * over cores ({@link Nd4jHostWork}), whose partial sums are added in piece order; the cut
     * depends only on the length and the worker count, so the result does too.
     */
    static double sum(INDArray x, Nd4jHostWork host) {
        long n = x.length();
        boolean isFloat = x.dataType() == DataType.FLOAT;
        FloatBuffer xf = isFloat ? x.data().asNioFloat() : null;
        DoubleBuffer xd = isFloat ? null : x.data().asNioDouble();
        ParallelFor parallel = host.parallel();
        int pieces = parallel.pieces(n, host.elementGrain());
        double[] partial = new double[pieces];
        parallel.runPieces(
                pieces,
                piece -> {
                    int from = (int) ParallelFor.start(piece, pieces, n);
                    int to = (int) ParallelFor.start(piece + 1, pieces, n);
                    partial[piece] = isFloat ? sumFloats(xf, from, to) : sumDoubles(xd, from, to);
                });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /** Float elements are widened as they are added: one pass over each chunk. */
    private static double sumFloats(FloatBuffer xf, int start, int end) {
        float[] f = SCRATCH.get().f[0];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int from = start; from < end; from += CHUNK) {
            int len = Math.min(CHUNK, end - from);
            xf.get(from, f, 0, len);
            int i = 0;
            for (; i + 3 < len; i += 4) {
                s0 += f[i];
                s1 += f[i + 1];
                s2 += f[i + 2];
                s3 += f[i + 3];
            }
            for (; i < len; i++) {
                s0 += f[i];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double sumDoubles(DoubleBuffer xd, int start, int end) {
        double[] d = SCRATCH.get().d[0];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int from = start; from < end; from += CHUNK) {
            int len = Math.min(CHUNK, end - from);
            xd.get(from, d, 0, len);
            int i = 0;
            for (; i + 3 < len; i += 4) {
                s0 += d[i];
                s1 += d[i + 1];
                s2 += d[i + 2];
                s3 += d[i + 3];
            }
            for (; i < len; i++) {
                s0 += d[i];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Returns a new dense row-major float or double CPU array of a non-empty shape holding one
     * value, written from Java: ND4J's fill kernel costs about 25 microseconds more per call, which
     * every scalar constant of a training step paid.
     */
    static INDArray full(long[] shape, double value, DataType type) {
        INDArray z = Nd4jArrays.uninitialized(type, shape);
        int n = (int) z.length();
        Scratch scratch = SCRATCH.get();
        if (type == DataType.FLOAT) {
            float[] f = scratch.f[0];
            Arrays.fill(f, 0, Math.min(CHUNK, n), (float) value);
            FloatBuffer zf = z.data().asNioFloat();
            for (int from = 0; from < n; from += CHUNK) {
                zf.put(from, f, 0, Math.min(CHUNK, n - from));
            }
        } else {
            double[] d = scratch.d[0];
            Arrays.fill(d, 0, Math.min(CHUNK, n), value);
            DoubleBuffer zd = z.data().asNioDouble();
            for (int from = 0; from < n; from += CHUNK) {
                zd.put(from, d, 0, Math.min(CHUNK, n - from));
            }
        }
        return z;
    }

    /**
     * Copies the elements of a dense row-major float or double CPU array into another of its size.
     */
    static void copy(INDArray from, INDArray to) {
        int n = (int) from.length();
        if (from.dataType() == DataType.FLOAT) {
            to.data().asNioFloat().put(0, from.data().asNioFloat(), 0, n);
        } else {
            to.data().asNioDouble().put(0, from.data().asNioDouble(), 0, n);
        }
    }

    /** One Adam step ({@link HostAdam}) on dense, row-major, non-empty CPU arrays. */
    static void adam(INDArray param, INDArray grad, INDArray m, INDArray v, AdamStep s) {
        int n = (int) param.length();
        if (param.dataType() == DataType.FLOAT) {
            HostAdam.step(
                    param.data().asNioFloat(),
                    grad.data().asNioFloat(),
                    m.data().asNioFloat(),
                    v.data().asNioFloat(),
                    n,
                    s);
        } else {
            HostAdam.step(
                    param.data().asNioDouble(),
                    grad.data().asNioDouble(),
                    m.data().asNioDouble(),
                    v.data().asNioDouble(),
                    n,
                    s);
        }
    }
}
