package org.vae4j.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ops.Op;

/**
 * Every elementwise op and BROADCAST_TO on the CPU build, for every model and every size, as Java
 * loops over the arrays' native memory: operands broadcast by NumPy's rules ({@link
 * Nd4jBroadcast}), the result cut into pieces over cores ({@link Nd4jHostWork}), each chunk copied
 * into arrays the JIT vectorises. Dispatching one libnd4j op costs about 24 microseconds, more than
 * the arithmetic of most ops of a training step. The ops whose value is exact or one IEEE rounding
 * are that one operation in the dtype, as libnd4j and the reference backend compute it (POW through
 * {@link Math#pow}, rounded). The other unary ops are {@link Nd4jHostMath}.
 */
final class Nd4jHostElementwise {
    private static final int CHUNK = Nd4jHostKernels.CHUNK;

    private Nd4jHostElementwise() {}

    /** Returns whether {@code op} is computed here. */
    static boolean takes(Op op) {
        return switch (op.kind()) {
            case UNARY, BINARY, TERNARY -> true;
            default -> op == Op.BROADCAST_TO;
        };
    }

    /**
     * Returns a new array of shape {@code out} holding {@code op} of the operands (dense row-major
     * float or double CPU arrays of one dtype, broadcast to {@code out}, which is not empty): one
     * operand for the unary ops and BROADCAST_TO, two for the binary ops, three for WHERE
     * (condition, then the two choices).
     */
    static INDArray apply(Op op, long[] out, Nd4jHostWork host, INDArray... in) {
        long[][] shapes = new long[in.length][];
        for (int k = 0; k < in.length; k++) {
            shapes[k] = in[k].shape();
        }
        Nd4jBroadcast walk = new Nd4jBroadcast(out, shapes);
        INDArray z = Nd4jArrays.uninitialized(in[0].dataType(), out);
        if (Nd4jHostMath.takes(op)) {
            host.elements(z.length(), (from, to) -> math(op, in[0], z, from, to));
        } else {
            host.elements(z.length(), (from, to) -> run(op, walk, in, z, from, to));
        }
        return z;
    }

    /**
     * Computes a {@link Nd4jHostMath} op for the elements {@code [from, to)}, a chunk at a time.
     */
    private static void math(Op op, INDArray x, INDArray z, long from, long to) {
        if (z.dataType() == DataType.FLOAT) {
            FloatBuffer xs = x.data().asNioFloat();
            FloatBuffer zs = z.data().asNioFloat();
            float[] a = Nd4jHostKernels.floatScratch()[0];
            for (int at = (int) from; at < to; at += CHUNK) {
                int n = (int) Math.min(CHUNK, to - at);
                xs.get(at, a, 0, n);
                Nd4jHostMath.apply(op, a, n);
                zs.put(at, a, 0, n);
            }
        } else {
            DoubleBuffer xs = x.data().asNioDouble();
            DoubleBuffer zs = z.data().asNioDouble();
            double[] a = Nd4jHostKernels.doubleScratch()[0];
            for (int at = (int) from; at < to; at += CHUNK) {
                int n = (int) Math.min(CHUNK, to - at);
                xs.get(at, a, 0, n);
                Nd4jHostMath.apply(op, a, n);
                zs.put(at, a, 0, n);
            }
        }
    }

    /** Computes the result elements {@code [from, to)}, a chunk at a time. */
    private static void run(
            Op op, Nd4jBroadcast walk, INDArray[] in, INDArray z, long from, long to) {
        Chunks chunks = z.dataType() == DataType.FLOAT ? new Floats(in, z) : new Doubles(in, z);
        walk.walk(
                from,
                to,
                (at, len, offsets) -> {
                    for (int c = 0; c < len; c += CHUNK) {
                        int n = Math.min(CHUNK, len - c);
                        for (int k = 0; k < in.length; k++) {
                            int o = (int) offsets[k];
                            if (walk.advances(k)) {
                                chunks.load(k, o + c, n);
                            } else {
                                chunks.repeat(k, o, n);
                            }
                        }
                        chunks.computeInto((int) at + c, op, n);
                    }
                });
    }

    /** One piece's operands and result, moved a chunk at a time through this thread's arrays. */
    private interface Chunks {
        /** Copies {@code n} elements of operand {@code k} from {@code at} into its array. */
        void load(int k, int at, int n);

        /** Fills operand {@code k}'s array with {@code n} copies of its element at {@code at}. */
        void repeat(int k, int at, int n);

        /** Computes {@code n} results of {@code op} and writes them to the result at {@code at}. */
        void computeInto(int at, Op op, int n);
    }

    private static final class Floats implements Chunks {
        private final float[][] s = Nd4jHostKernels.floatScratch();
        private final FloatBuffer[] ins;
        private final FloatBuffer z;

        Floats(INDArray[] in, INDArray out) {
            ins = new FloatBuffer[in.length];
            for (int k = 0; k < in.length; k++) {
                ins[k] = in[k].data().asNioFloat();
            }
            z = out.data().asNioFloat();
        }

        @Override
        public void load(int k, int at, int n) {
            ins[k].get(at, s[k], 0, n);
        }

        @Override
        public void repeat(int k, int at, int n) {
            Arrays.fill(s[k], 0, n, ins[k].get(at));
        }

        @Override
        public void computeInto(int at, Op op, int n) {
            z.put(at, compute(op, s, n), 0, n);
        }
    }

    private static final class Doubles implements Chunks {
        private final double[][] s = Nd4jHostKernels.doubleScratch();
        private final DoubleBuffer[] ins;
        private final DoubleBuffer z;

        Doubles(INDArray[] in, INDArray out) {
            ins = new DoubleBuffer[in.length];
            for (int k = 0; k < in.length; k++) {
                ins[k] = in[k].data().asNioDouble();
            }
            z = out.data().asNioDouble();
        }

        @Override
        public void load(int k, int at, int n) {
            ins[k].get(at, s[k], 0, n);
        }

        @Override
        public void repeat(int k, int at, int n) {
            Arrays.fill(s[k], 0, n, ins[k].get(at));
        }

        @Override
        public void computeInto(int at, Op op, int n) {
            z.put(at, compute(op, s, n), 0, n);
        }
    }

    /**
     * Computes {@code n} results from the operands in {@code s[0..2]}; returns the array holding
     * them.
     */
    private static double[] compute(Op op, double[][] s, int n) {
        return compute(op, s[0], s[1], s[2], s[3], n);
    }

    /**
     * Computes {@code n} results of {@code op} (not a {@link Nd4jHostMath} op) from the operands
     * {@code x}, {@code y} and {@code w} (as many as it takes) into {@code r}; returns the array
     * holding them ({@code x} for BROADCAST_TO).
     */
    static double[] compute(Op op, double[] x, double[] y, double[] w, double[] r, int n) {
        switch (op) {
            case BROADCAST_TO -> {
                return x;
            }
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    r[i] = -x[i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    r[i] = Math.abs(x[i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    r[i] = x[i] * x[i];
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    r[i] = x[i] > 0 ? x[i] : 0.0;
                }
            }
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    r[i] = x[i] + y[i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    r[i] = x[i] - y[i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    r[i] = x[i] * y[i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    r[i] = x[i] / y[i];
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    r[i] = Math.max(x[i], y[i]);
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    r[i] = Math.pow(x[i], y[i]);
                }
            }
            case GREATER -> {
                for (int i = 0; i < n; i++) {
                    r[i] = x[i] > y[i] ? 1.0 : 0.0;
                }
            }
            case WHERE -> {
                for (int i = 0; i < n; i++) {
                    r[i] = x[i] != 0 ? y[i] : w[i];
                }
            }
            default -> throw new IllegalArgumentException(op + " is not computed on the host");
        }
        return r;
    }

    /**
     * As {@link #compute(Op, double[][], int)}, in float32: the same single operations, each loop a
     * method of its own, which the JIT compiles and vectorises on its own.
     */
    private static float[] compute(Op op, float[][] s, int n) {
        return compute(op, s[0], s[1], s[2], s[3], n);
    }

    /** As {@link #compute(Op, double[], double[], double[], double[], int)}, in float32. */
    static float[] compute(Op op, float[] x, float[] y, float[] w, float[] r, int n) {
        switch (op) {
            case BROADCAST_TO -> {
                return x;
            }
            case NEG -> neg(x, r, n);
            case ABS -> abs(x, r, n);
            case SQUARE -> square(x, r, n);
            case RELU -> relu(x, r, n);
            case ADD -> add(x, y, r, n);
            case SUB -> sub(x, y, r, n);
            case MUL -> mul(x, y, r, n);
            case DIV -> div(x, y, r, n);
            case MAXIMUM -> maximum(x, y, r, n);
            case POW -> pow(x, y, r, n);
            case GREATER -> greater(x, y, r, n);
            case WHERE -> where(x, y, w, r, n);
            default -> throw new IllegalArgumentException(op + " is not computed on the host");
        }
        return r;
    }

    private static void neg(float[] x, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = -x[i];
        }
    }

    private static void abs(float[] x, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = Math.abs(x[i]);
        }
    }

    private static void square(float[] x, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = x[i] * x[i];
        }
    }

    /**
     * {@code max(x, 0)}, which the JIT vectorises (a comparison per element mispredicts on half of
     * a layer's activations), then NaN made 0 as the reference's {@code x > 0 ? x : 0} gives it.
     */
    private static void relu(float[] x, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = Math.max(x[i], 0f);
        }
        for (int i = 0; i < n; i++) {
            if (r[i] != r[i]) {
                r[i] = 0f;
            }
        }
    }

    private static void add(float[] x, float[] y, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = x[i] + y[i];
        }
    }

    private static void sub(float[] x, float[] y, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = x[i] - y[i];
        }
    }

    private static void mul(float[] x, float[] y, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = x[i] * y[i];
        }
    }

    private static void div(float[] x, float[] y, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = x[i] / y[i];
        }
    }

    private static void maximum(float[] x, float[] y, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = Math.max(x[i], y[i]);
        }
    }

    private static void pow(float[] x, float[] y, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = (float) Math.pow(x[i], y[i]);
        }
    }

    /**
     * {@code x > y} as 1 or 0 without a branch, in loops the JIT vectorises (a select by the
     * comparison is a branch on Java 17, mispredicted half the time on signs such as ReLU's): the
     * difference is positive exactly when {@code x > y}, also for subnormal differences, which
     * scaling by {@code 2^252} takes past 1; NaN operands and {@code inf - inf} leave NaN, which
     * the second loop turns into 0.
     */
    private static void greater(float[] x, float[] y, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = Math.min(Math.max((x[i] - y[i]) * 0x1p126f * 0x1p126f, 0f), 1f);
        }
        for (int i = 0; i < n; i++) {
            if (r[i] != r[i]) {
                r[i] = 0f;
            }
        }
    }

    private static void where(float[] x, float[] y, float[] w, float[] r, int n) {
        for (int i = 0; i < n; i++) {
            r[i] = x[i] != 0 ? y[i] : w[i];
        }
    }
}
