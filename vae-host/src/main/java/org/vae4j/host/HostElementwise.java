package org.vae4j.host;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.vae4j.api.ops.Op;

/**
 * Every elementwise op and BROADCAST_TO as Java loops over host memory, for every size: operands
 * broadcast by NumPy's rules ({@link Broadcast}), the result cut into pieces over cores ({@link
 * ElementCut}), each chunk copied into arrays the JIT vectorises. Dispatching one engine op costs
 * from about 1 (PyTorch) to 24 (libnd4j) microseconds, more than the arithmetic of most ops of a
 * training step. The ops whose value is exact or one IEEE rounding are that one operation in the
 * dtype, as the engines and the reference backend compute it (POW through {@link Math#pow},
 * rounded). The other unary ops are {@link HostMath}.
 */
public final class HostElementwise {
    /**
     * The work of a {@link HostMath} op or POW per element, in simple ops: measured at 3.5 (exp) to
     * 13 (softplus) times a multiply's.
     */
    static final int MATH_COST = 4;

    private static final int CHUNK = HostScratch.CHUNK;

    private HostElementwise() {}

    /** Returns whether {@code op} is computed here. */
    public static boolean takes(Op op) {
        return switch (op.kind()) {
            case UNARY, BINARY, TERNARY -> true;
            default -> op == Op.BROADCAST_TO;
        };
    }

    /** Returns the work of {@code op} per element in simple ops, for {@link ElementCut#forWork}. */
    static int cost(Op op) {
        return HostMath.takes(op) || op == Op.POW ? MATH_COST : 1;
    }

    /**
     * Writes {@code op} of the operands into {@code z} (not empty): one operand for the unary ops
     * and BROADCAST_TO, two for the binary ops, three for WHERE (condition, then the two choices),
     * each of {@code z}'s dtype and broadcast to its shape.
     */
    public static void apply(Op op, HostArray z, ElementCut cut, HostArray... in) {
        long[][] shapes = new long[in.length][];
        for (int k = 0; k < in.length; k++) {
            shapes[k] = in[k].shape();
        }
        Broadcast walk = new Broadcast(z.shape(), shapes);
        ElementCut pieces = cut.forWork(cost(op));
        if (HostMath.takes(op)) {
            pieces.run(z.length(), (from, to) -> math(op, in[0], z, from, to));
        } else {
            pieces.run(z.length(), (from, to) -> run(op, walk, in, z, from, to));
        }
    }

    /** Computes a {@link HostMath} op for the elements {@code [from, to)}, a chunk at a time. */
    private static void math(Op op, HostArray x, HostArray z, long from, long to) {
        if (z.isFloat()) {
            FloatBuffer xs = x.floats();
            FloatBuffer zs = z.floats();
            float[] a = HostScratch.floats()[0];
            for (int at = (int) from; at < to; at += CHUNK) {
                int n = (int) Math.min(CHUNK, to - at);
                xs.get(at, a, 0, n);
                HostMath.apply(op, a, n);
                zs.put(at, a, 0, n);
            }
        } else {
            DoubleBuffer xs = x.doubles();
            DoubleBuffer zs = z.doubles();
            double[] a = HostScratch.doubles()[0];
            for (int at = (int) from; at < to; at += CHUNK) {
                int n = (int) Math.min(CHUNK, to - at);
                xs.get(at, a, 0, n);
                HostMath.apply(op, a, n);
                zs.put(at, a, 0, n);
            }
        }
    }

    /** Computes the result elements {@code [from, to)}, a chunk at a time. */
    private static void run(
            Op op, Broadcast walk, HostArray[] in, HostArray z, long from, long to) {
        Chunks chunks = z.isFloat() ? new Floats(in, z) : new Doubles(in, z);
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
        private final float[][] s = HostScratch.floats();
        private final FloatBuffer[] ins;
        private final FloatBuffer z;

        Floats(HostArray[] in, HostArray out) {
            ins = new FloatBuffer[in.length];
            for (int k = 0; k < in.length; k++) {
                ins[k] = in[k].floats();
            }
            z = out.floats();
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
        private final double[][] s = HostScratch.doubles();
        private final DoubleBuffer[] ins;
        private final DoubleBuffer z;

        Doubles(HostArray[] in, HostArray out) {
            ins = new DoubleBuffer[in.length];
            for (int k = 0; k < in.length; k++) {
                ins[k] = in[k].doubles();
            }
            z = out.doubles();
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
     * Computes {@code n} results of {@code op} (not a {@link HostMath} op) from the operands {@code
     * x}, {@code y} and {@code w} (as many as it takes) into {@code r}; returns the array holding
     * them ({@code x} for BROADCAST_TO).
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
