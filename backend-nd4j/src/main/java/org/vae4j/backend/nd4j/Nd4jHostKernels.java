package org.vae4j.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.ops.Op;
import org.vae4j.api.support.HostAdam;

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
 *   <li>Constants (a tensor filled with one value, most of them scalars) and arithmetic on small
 *       results, where dispatching a libnd4j op costs far more than the arithmetic.
 *   <li>Broadcasting. libnd4j's {@code broadcast_to} costs about 1.8 ms of CPU time to spread a
 *       128x1 column over 128x784 (18 ns an element), against 0.13 ms for this loop; the gradient
 *       of every sum over an axis is such a broadcast.
 * </ul>
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
     * accumulated in double (in four interleaved partial sums per half), so that a NaN or an
     * infinity makes it NaN or infinite as it does the kernel's. A large array is summed as two
     * halves on two cores where {@link Nd4jTranscendentals#splits} says so; the cut depends only on
     * the length, so the result does too.
     */
    static double sum(INDArray x) {
        int n = (int) x.length();
        boolean isFloat = x.dataType() == DataType.FLOAT;
        FloatBuffer xf = isFloat ? x.data().asNioFloat() : null;
        DoubleBuffer xd = isFloat ? null : x.data().asNioDouble();
        if (!Nd4jTranscendentals.splits(n)) {
            return isFloat ? sumFloats(xf, 0, n) : sumDoubles(xd, 0, n);
        }
        double[] halves = new double[2];
        SecondCore.shared()
                .forHalves(
                        n,
                        true,
                        (from, to) ->
                                halves[from == 0 ? 0 : 1] =
                                        isFloat
                                                ? sumFloats(xf, (int) from, (int) to)
                                                : sumDoubles(xd, (int) from, (int) to));
        return halves[0] + halves[1];
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

    /** The most elements a result may have for {@link #arithmetic} to take it. */
    static final int SMALL = 4096;

    /**
     * Returns whether {@link #arithmetic} computes {@code op} for these dense float or double CPU
     * arrays broadcast to a result of {@code outSize} elements: the four IEEE operations on a small
     * result, each input holding either the result's elements in order or a single value.
     */
    static boolean takesArithmetic(Op op, INDArray a, INDArray b, long outSize) {
        return (op == Op.ADD || op == Op.SUB || op == Op.MUL || op == Op.DIV)
                && outSize > 0
                && outSize <= SMALL
                && (a.length() == outSize || a.length() == 1)
                && (b.length() == outSize || b.length() == 1);
    }

    /**
     * Computes an op {@link #takesArithmetic} accepted into a new array of shape {@code out}: each
     * result rounded to the dtype as the native kernel rounds it, without the 30-odd microseconds
     * that dispatching a libnd4j op costs, which the scalar bookkeeping of a step paid dozens of
     * times.
     */
    static INDArray arithmetic(Op op, INDArray a, INDArray b, long[] out) {
        INDArray z = Nd4jArrays.uninitialized(a.dataType(), out);
        int n = (int) z.length();
        Scratch scratch = SCRATCH.get();
        if (a.dataType() == DataType.FLOAT) {
            float[] x = scratch.f[0];
            float[] y = scratch.f[1];
            float[] r = scratch.f[2];
            int na = (int) a.length();
            int nb = (int) b.length();
            a.data().asNioFloat().get(0, x, 0, na);
            b.data().asNioFloat().get(0, y, 0, nb);
            for (int i = 0; i < n; i++) {
                float u = x[na == 1 ? 0 : i];
                float v = y[nb == 1 ? 0 : i];
                r[i] =
                        switch (op) {
                            case ADD -> u + v;
                            case SUB -> u - v;
                            case MUL -> u * v;
                            default -> u / v;
                        };
            }
            z.data().asNioFloat().put(0, r, 0, n);
        } else {
            double[] x = scratch.d[0];
            double[] y = scratch.d[1];
            double[] r = scratch.d[2];
            int na = (int) a.length();
            int nb = (int) b.length();
            a.data().asNioDouble().get(0, x, 0, na);
            b.data().asNioDouble().get(0, y, 0, nb);
            for (int i = 0; i < n; i++) {
                double u = x[na == 1 ? 0 : i];
                double v = y[nb == 1 ? 0 : i];
                r[i] =
                        switch (op) {
                            case ADD -> u + v;
                            case SUB -> u - v;
                            case MUL -> u * v;
                            default -> u / v;
                        };
            }
            z.data().asNioDouble().put(0, r, 0, n);
        }
        return z;
    }

    /**
     * Writes {@code -|x|} into {@code e} (dense row-major float or double CPU arrays of one
     * length), as two halves on two cores when {@code split} is set: the argument of the exp in
     * softplus.
     */
    static void negatedMagnitude(INDArray x, INDArray e, boolean split) {
        int n = (int) x.length();
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xs = x.data().asNioFloat();
            FloatBuffer es = e.data().asNioFloat();
            SecondCore.shared()
                    .forHalves(
                            n,
                            split,
                            (from, to) -> {
                                float[] a = SCRATCH.get().f[0];
                                for (int at = (int) from; at < to; at += CHUNK) {
                                    int len = (int) Math.min(CHUNK, to - at);
                                    xs.get(at, a, 0, len);
                                    for (int i = 0; i < len; i++) {
                                        a[i] = -Math.abs(a[i]);
                                    }
                                    es.put(at, a, 0, len);
                                }
                            });
        } else {
            DoubleBuffer xs = x.data().asNioDouble();
            DoubleBuffer es = e.data().asNioDouble();
            SecondCore.shared()
                    .forHalves(
                            n,
                            split,
                            (from, to) -> {
                                double[] a = SCRATCH.get().d[0];
                                for (int at = (int) from; at < to; at += CHUNK) {
                                    int len = (int) Math.min(CHUNK, to - at);
                                    xs.get(at, a, 0, len);
                                    for (int i = 0; i < len; i++) {
                                        a[i] = -Math.abs(a[i]);
                                    }
                                    es.put(at, a, 0, len);
                                }
                            });
        }
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

    /**
     * Returns a new dense row-major array holding a dense, row-major float or double CPU array
     * {@code x} broadcast to {@code out} (NumPy's rules: missing leading axes and size-1 axes
     * repeat), which holds at least one element.
     */
    static INDArray broadcastTo(INDArray x, long[] out) {
        int rank = out.length;
        long[] in = x.shape();
        long[] strides = new long[rank];
        long stride = 1;
        for (int a = rank - 1; a >= 0; a--) {
            int ia = a - (rank - in.length);
            long size = ia >= 0 ? in[ia] : 1;
            strides[a] = size == 1 ? 0 : stride;
            stride *= size;
        }
        INDArray z = Nd4jArrays.uninitialized(x.dataType(), out);
        int inner = rank == 0 ? 1 : (int) out[rank - 1];
        long innerStride = rank == 0 ? 0 : strides[rank - 1];
        long outer = z.length() / inner;
        long[] index = new long[Math.max(0, rank - 1)];
        boolean isFloat = x.dataType() == DataType.FLOAT;
        FloatBuffer xf = isFloat ? x.data().asNioFloat() : null;
        FloatBuffer zf = isFloat ? z.data().asNioFloat() : null;
        DoubleBuffer xd = isFloat ? null : x.data().asNioDouble();
        DoubleBuffer zd = isFloat ? null : z.data().asNioDouble();
        int target = 0;
        for (long o = 0; o < outer; o++) {
            int source = 0;
            for (int a = 0; a < index.length; a++) {
                source += (int) (index[a] * strides[a]);
            }
            if (innerStride == 1 && isFloat) { // a whole row of x: one bulk copy
                zf.put(target, xf, source, inner);
            } else if (innerStride == 1) {
                zd.put(target, xd, source, inner);
            } else if (isFloat) {
                for (int i = 0; i < inner; i++) {
                    zf.put(target + i, xf.get(source + (int) (i * innerStride)));
                }
            } else {
                for (int i = 0; i < inner; i++) {
                    zd.put(target + i, xd.get(source + (int) (i * innerStride)));
                }
            }
            target += inner;
            for (int a = index.length - 1; a >= 0; a--) {
                if (++index[a] < out[a]) {
                    break;
                }
                index[a] = 0;
            }
        }
        return z;
    }
}
