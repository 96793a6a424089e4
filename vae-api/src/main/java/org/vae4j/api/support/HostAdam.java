package org.vae4j.api.support;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.vae4j.api.ops.AdamStep;

/**
 * The Adam (AdamW) step as one pass over four buffers of native memory, in place, for CPU backends
 * whose arrays expose their memory: the composite step runs about fifteen kernels, each reading and
 * writing whole parameters (and allocating most results), which for the 400x784 weights of the
 * MNIST VAE was a third of a training step. Rounds as {@code CompositeOps.adamUpdate} does: each
 * constant is rounded to the dtype first and each operation is rounded to the dtype, in the same
 * order: {@code m = m * b1 + g * (1 - b1)}, {@code v = v * b2 + g^2 * (1 - b2)}, {@code p = p * (1
 * - lr * wd) - (m / (sqrt(v) * (1 / sqrt(c2)) + eps)) * (lr / c1)}. Each element's update stands
 * alone, so a large parameter is cut into pieces over the cores ({@link ParallelFor}) with the same
 * bits as on one thread.
 */
public final class HostAdam {
    /**
     * Elements moved per bulk copy between a buffer and a Java array. The loops run over arrays,
     * which the JIT compiles without the per-element index checks of a buffer's {@code get(i)}
     * (twice as fast), and a chunk's four arrays (8 KB of floats) stay in the core's first-level
     * cache, where 4096 elements (64 KB) did not and made the step slower (docs/PERFORMANCE.md).
     */
    static final int CHUNK = 512;

    /** Chunks of a piece of work over the cores at least: 65,536 elements, about 50 us. */
    private static final int GRAIN_CHUNKS = (1 << 16) / CHUNK;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread chunk arrays, so that no call allocates. */
    private static final class Scratch {
        final float[][] f = new float[4][CHUNK];
        final double[][] d = new double[4][CHUNK];
    }

    private HostAdam() {}

    /**
     * One float32 step over {@code n} elements of four buffers: the parameter, its gradient and the
     * two moments, which are updated in place (the gradient is only read).
     */
    public static void step(
            FloatBuffer pb, FloatBuffer gb, FloatBuffer mb, FloatBuffer vb, int n, AdamStep s) {
        step(pb, gb, mb, vb, n, s, ParallelFor.shared(), GRAIN_CHUNKS);
    }

    /**
     * {@link #step(FloatBuffer, FloatBuffer, FloatBuffer, FloatBuffer, int, AdamStep)} cut as told.
     */
    static void step(
            FloatBuffer pb,
            FloatBuffer gb,
            FloatBuffer mb,
            FloatBuffer vb,
            int n,
            AdamStep s,
            ParallelFor parallel,
            int grainChunks) {
        parallel.run(
                chunks(n),
                grainChunks,
                (first, last) ->
                        floats(pb, gb, mb, vb, first * CHUNK, Math.min(n, last * CHUNK), s));
    }

    private static long chunks(int n) {
        return (n + (long) CHUNK - 1) / CHUNK;
    }

    /** The float32 step over elements {@code [start, end)}. */
    private static void floats(
            FloatBuffer pb,
            FloatBuffer gb,
            FloatBuffer mb,
            FloatBuffer vb,
            long start,
            long end,
            AdamStep s) {
        float b1 = (float) s.beta1();
        float oneMinusB1 = (float) (1 - s.beta1());
        float b2 = (float) s.beta2();
        float oneMinusB2 = (float) (1 - s.beta2());
        float unbias2 = (float) (1 / Math.sqrt(s.secondMomentCorrection()));
        float eps = (float) s.epsilon();
        float rate = (float) (s.learningRate() / s.firstMomentCorrection());
        boolean decay = s.weightDecay() != 0;
        float keep = (float) (1 - s.learningRate() * s.weightDecay());
        Scratch scratch = SCRATCH.get();
        float[] p = scratch.f[0];
        float[] g = scratch.f[1];
        float[] mc = scratch.f[2];
        float[] vc = scratch.f[3];
        for (int from = (int) start; from < end; from += CHUNK) {
            int len = (int) Math.min(CHUNK, end - from);
            pb.get(from, p, 0, len);
            gb.get(from, g, 0, len);
            mb.get(from, mc, 0, len);
            vb.get(from, vc, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float mi = mc[i] * b1 + gi * oneMinusB1;
                float vi = vc[i] * b2 + (gi * gi) * oneMinusB2;
                mc[i] = mi;
                vc[i] = vi;
                float denominator = (float) Math.sqrt(vi) * unbias2 + eps;
                float update = (mi / denominator) * rate;
                float pi = decay ? p[i] * keep : p[i];
                p[i] = pi - update;
            }
            pb.put(from, p, 0, len);
            mb.put(from, mc, 0, len);
            vb.put(from, vc, 0, len);
        }
    }

    /**
     * One float64 step, as {@link #step(FloatBuffer, FloatBuffer, FloatBuffer, FloatBuffer, int,
     * AdamStep)}.
     */
    public static void step(
            DoubleBuffer pb, DoubleBuffer gb, DoubleBuffer mb, DoubleBuffer vb, int n, AdamStep s) {
        step(pb, gb, mb, vb, n, s, ParallelFor.shared(), GRAIN_CHUNKS);
    }

    /** The float64 step cut as told. */
    static void step(
            DoubleBuffer pb,
            DoubleBuffer gb,
            DoubleBuffer mb,
            DoubleBuffer vb,
            int n,
            AdamStep s,
            ParallelFor parallel,
            int grainChunks) {
        parallel.run(
                chunks(n),
                grainChunks,
                (first, last) ->
                        doubles(pb, gb, mb, vb, first * CHUNK, Math.min(n, last * CHUNK), s));
    }

    /** The float64 step over elements {@code [start, end)}. */
    private static void doubles(
            DoubleBuffer pb,
            DoubleBuffer gb,
            DoubleBuffer mb,
            DoubleBuffer vb,
            long start,
            long end,
            AdamStep s) {
        double b1 = s.beta1();
        double oneMinusB1 = 1 - s.beta1();
        double b2 = s.beta2();
        double oneMinusB2 = 1 - s.beta2();
        double unbias2 = 1 / Math.sqrt(s.secondMomentCorrection());
        double eps = s.epsilon();
        double rate = s.learningRate() / s.firstMomentCorrection();
        boolean decay = s.weightDecay() != 0;
        double keep = 1 - s.learningRate() * s.weightDecay();
        Scratch scratch = SCRATCH.get();
        double[] p = scratch.d[0];
        double[] g = scratch.d[1];
        double[] mc = scratch.d[2];
        double[] vc = scratch.d[3];
        for (int from = (int) start; from < end; from += CHUNK) {
            int len = (int) Math.min(CHUNK, end - from);
            pb.get(from, p, 0, len);
            gb.get(from, g, 0, len);
            mb.get(from, mc, 0, len);
            vb.get(from, vc, 0, len);
            for (int i = 0; i < len; i++) {
                double gi = g[i];
                double mi = mc[i] * b1 + gi * oneMinusB1;
                double vi = vc[i] * b2 + (gi * gi) * oneMinusB2;
                mc[i] = mi;
                vc[i] = vi;
                double denominator = Math.sqrt(vi) * unbias2 + eps;
                double update = (mi / denominator) * rate;
                double pi = decay ? p[i] * keep : p[i];
                p[i] = pi - update;
            }
            pb.put(from, p, 0, len);
            mb.put(from, mc, 0, len);
            vb.put(from, vc, 0, len);
        }
    }
}
