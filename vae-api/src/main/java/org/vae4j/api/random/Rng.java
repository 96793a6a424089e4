package org.vae4j.api.random;

import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.support.ParallelFor;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * A seeded random stream that is the same on every backend and every machine: numbers are drawn in
 * Java from the counter-based {@link Philox} generator and handed to a backend as data, so one seed
 * gives one run whichever backend computes it.
 *
 * <p>The state is three longs (seed, stream, counter; see {@link State}), which a checkpoint stores
 * so that a resumed run draws exactly what an uninterrupted one would. {@link #fork} derives
 * independent streams (for example one for shuffling and one for the reparameterisation noise).
 * Each draw consumes whole 128-bit blocks. Float32 draws are the float64 draws rounded, so a
 * float32 run sees the same noise as a float64 run up to rounding. Normal draws use the Box-Muller
 * transform in plain float64 arithmetic ({@link BoxMuller}), which is bit-identical on every JVM.
 * Not thread-safe: give each thread its own fork.
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(42);
 * Rng noise = rng.fork(1);                                   // independent stream
 * Tensor eps = noise.normal(backend, Shape.of(128, 20), DType.FLOAT32);
 * int[] order = rng.fork(2).permutation(60_000);             // seeded shuffling
 * }</pre>
 */
public final class Rng {
    private static final float BELOW_ONE = Math.nextDown(1.0f);

    /** The fewest blocks of a piece of a uniform draw: about 35 microseconds of Philox. */
    private static final long UNIFORM_GRAIN = 4096;

    /** The fewest pairs of a piece of a normal draw: about 45 microseconds of Box-Muller. */
    private static final long NORMAL_GRAIN = 4096;

    private final long seed;
    private final long stream;
    private long counter;
    private final int[] ctr = new int[4];
    private final int[] out = new int[4];

    /**
     * The complete state of a stream.
     *
     * @param seed the key
     * @param stream which of the seed's independent streams
     * @param counter how many blocks the stream has consumed
     */
    public record State(long seed, long stream, long counter) {}

    private Rng(long seed, long stream, long counter) {
        this.seed = seed;
        this.stream = stream;
        this.counter = counter;
    }

    /** Returns stream 0 of a seed, at its start. */
    public static Rng seeded(long seed) {
        return new Rng(seed, 0, 0);
    }

    /** Returns a generator that continues exactly from a saved state. */
    public static Rng fromState(State state) {
        return new Rng(state.seed(), state.stream(), state.counter());
    }

    /** Returns the current state, to save and later {@link #fromState restore}. */
    public State state() {
        return new State(seed, stream, counter);
    }

    /**
     * Returns a new stream of the same seed, at its start, determined by this stream and {@code
     * id}; this generator does not advance. Different ids give independent streams.
     */
    public Rng fork(long id) {
        return new Rng(seed, mix(stream ^ mix(id + 0x632BE59BD9B4E019L)), 0);
    }

    /** SplitMix64's finaliser: a bijection that scatters nearby inputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Computes the next block into {@code out} and advances the counter. */
    private void nextBlock() {
        ctr[0] = (int) counter;
        ctr[1] = (int) (counter >>> 32);
        ctr[2] = (int) stream;
        ctr[3] = (int) (stream >>> 32);
        Philox.block(ctr, (int) seed, (int) (seed >>> 32), out);
        counter++;
    }

    /** The top 53 of the bits {@code hi:lo} (two unsigned 32-bit words) as a double in [0, 1). */
    private static double unit(long hi, long lo) {
        return (((hi << 32) | lo) >>> 11) * 0x1.0p-53;
    }

    private int k0() {
        return (int) seed;
    }

    private int k1() {
        return (int) (seed >>> 32);
    }

    /**
     * Returns {@code n} uniform doubles in {@code [0, 1)}. Value {@code 2k} and {@code 2k + 1} come
     * from block {@code counter + k} alone, so a large draw is computed in pieces over cores
     * ({@link ParallelFor}) with the same values as on one thread: dynamic binarisation draws one
     * per pixel of every batch.
     */
    public double[] uniforms(int n) {
        return uniforms(n, ParallelFor.shared(), UNIFORM_GRAIN);
    }

    /** {@link #uniforms(int)} cut as {@code parallel} and {@code grain} say (tests). */
    double[] uniforms(int n, ParallelFor parallel, long grain) {
        double[] u = new double[n];
        long first = counter;
        int blocks = (n + 1) / 2;
        parallel.run(blocks, grain, (from, to) -> uniformBlocks(n, u, first, from, to));
        counter += blocks;
        return u;
    }

    /** Writes blocks {@code [from, to)} of a uniform draw of {@code n} values from block first. */
    private void uniformBlocks(int n, double[] u, long first, long from, long to) {
        Philox.Lanes lanes = new Philox.Lanes((int) Math.min(to - from, Philox.Lanes.SIZE));
        for (long k = from; k < to; k += lanes.w0.length) {
            int count = (int) Math.min(lanes.w0.length, to - k);
            lanes.compute(first + k, count, (int) stream, (int) (stream >>> 32), k0(), k1());
            for (int j = 0; j < count; j++) {
                int i = (int) (2 * (k + j));
                u[i] = unit(lanes.w0[j], lanes.w1[j]);
                if (i + 1 < n) {
                    u[i + 1] = unit(lanes.w2[j], lanes.w3[j]);
                }
            }
        }
    }

    /**
     * Returns {@code n} standard normal doubles. Pair {@code k} comes from block {@code counter +
     * k} alone, so a large draw is computed in pieces over cores ({@link ParallelFor}; a pair costs
     * about 11 ns) with the same values as on one thread.
     */
    public double[] normals(int n) {
        double[] z = new double[n];
        drawNormals(n, z, null, ParallelFor.shared(), NORMAL_GRAIN);
        return z;
    }

    /** {@link #normals(int)} cut as {@code parallel} and {@code grain} say (tests). */
    double[] normals(int n, ParallelFor parallel, long grain) {
        double[] z = new double[n];
        drawNormals(n, z, null, parallel, grain);
        return z;
    }

    /** Fills {@code doubles} or else {@code floats} with {@code n} normal draws, in pieces. */
    private void drawNormals(
            int n, double[] doubles, float[] floats, ParallelFor parallel, long grain) {
        int pairs = (n + 1) / 2;
        long first = counter;
        parallel.run(
                pairs,
                grain,
                (from, to) -> normalPairs(n, doubles, floats, (int) from, (int) to, first));
        counter += pairs;
    }

    /**
     * Writes pairs {@code [from, to)} of a draw of {@code n} normals whose first block is {@code
     * first}, into {@code doubles} or else rounded into {@code floats}.
     */
    private void normalPairs(
            int n, double[] doubles, float[] floats, int from, int to, long first) {
        Philox.Lanes lanes = new Philox.Lanes(Math.min(to - from, Philox.Lanes.SIZE));
        BoxMuller transform = new BoxMuller(lanes.w0.length);
        for (int k = from; k < to; k += lanes.w0.length) {
            int count = Math.min(lanes.w0.length, to - k);
            lanes.compute(first + k, count, (int) stream, (int) (stream >>> 32), k0(), k1());
            for (int j = 0; j < count; j++) {
                transform.u1[j] = 1.0 - unit(lanes.w0[j], lanes.w1[j]); // in (0, 1]: finite log
            }
            for (int j = 0; j < count; j++) {
                transform.u2[j] = unit(lanes.w2[j], lanes.w3[j]);
            }
            transform.transform(count);
            for (int j = 0; j < count; j++) {
                int i = 2 * (k + j);
                if (doubles != null) {
                    doubles[i] = transform.z0[j];
                    if (i + 1 < n) {
                        doubles[i + 1] = transform.z1[j];
                    }
                } else {
                    floats[i] = (float) transform.z0[j];
                    if (i + 1 < n) {
                        floats[i + 1] = (float) transform.z1[j];
                    }
                }
            }
        }
    }

    /** Returns {@link #uniforms} rounded to float, kept below 1. */
    public float[] uniformFloats(int n) {
        double[] u = uniforms(n);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = Math.min((float) u[i], BELOW_ONE);
        }
        return f;
    }

    /** Returns {@link #normals} rounded to float. */
    public float[] normalFloats(int n) {
        float[] f = new float[n];
        drawNormals(n, null, f, ParallelFor.shared(), NORMAL_GRAIN);
        return f;
    }

    /**
     * Returns a uniform int in {@code [0, bound)}, from one block.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, but was " + bound);
        }
        nextBlock();
        long bits = ((long) out[0] << 32) | (out[1] & 0xFFFFFFFFL);
        // the high 64 bits of the unsigned 128-bit product bits * bound, in [0, bound)
        long high = Math.multiplyHigh(bits, bound) + ((bits >> 63) & bound);
        return (int) high;
    }

    /** Returns a uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Returns a tensor of standard normal draws in the given dtype. */
    public Tensor normal(TensorOps ops, Shape shape, DType dtype) {
        int n = shape.sizeAsInt();
        return dtype == DType.FLOAT32
                ? ops.fromFloats(normalFloats(n), shape)
                : ops.fromDoubles(normals(n), shape);
    }

    /** Returns a tensor of uniform draws in {@code [0, 1)} in the given dtype. */
    public Tensor uniform(TensorOps ops, Shape shape, DType dtype) {
        int n = shape.sizeAsInt();
        return dtype == DType.FLOAT32
                ? ops.fromFloats(uniformFloats(n), shape)
                : ops.fromDoubles(uniforms(n), shape);
    }
}
