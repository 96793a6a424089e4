package org.vae4j.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.support.HostAdam;

/**
 * Kernels of the CPU build that run as Java loops over the arrays' native memory, where ND4J's own
 * are slow for a reason other than arithmetic:
 *
 * <ul>
 *   <li>The Adam step as one pass over the four buffers, in place ({@link HostAdam}).
 *   <li>Constants (a tensor filled with one value, most of them scalars), where dispatching a
 *       libnd4j op costs far more than writing them.
 * </ul>
 *
 * <p>The elementwise arithmetic and broadcasting are {@link Nd4jHostElementwise}, the reductions
 * {@link Nd4jHostReductions}.
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
