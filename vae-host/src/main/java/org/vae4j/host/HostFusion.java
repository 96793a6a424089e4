package org.vae4j.host;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;

/**
 * An elementwise expression ({@link Elementwise}) in one pass over memory: the result is cut into
 * pieces over cores ({@link ElementCut}, by the work of all its nodes) and walked in chunks of
 * {@link #CHUNK} elements, each input's chunk read once (broadcast by {@link Broadcast}), every
 * node computed into a per-thread array that stays in cache, and only the result written back. Each
 * node runs the loop its op runs alone ({@link HostElementwise}, {@link HostMath}), so the values
 * are those of the ops one at a time, bit for bit.
 */
public final class HostFusion {
    /** Elements a node's array holds: a few such arrays stay within a core's L2 cache. */
    static final int CHUNK = 1024;

    private static final ThreadLocal<NodeArrays> SCRATCH = ThreadLocal.withInitial(NodeArrays::new);

    private HostFusion() {}

    /**
     * Writes the expression over {@code in} (of {@code z}'s dtype, broadcast to its shape) into
     * {@code z} (not empty). Nodes over smaller shapes than the result (a term of per-feature
     * parameters, say) are computed once at their own shape first, into arrays on the Java heap,
     * and read as inputs, rather than once per element of the result.
     */
    public static void apply(Elementwise e, HostArray z, ElementCut cut, HostArray... in) {
        long[][] shapes = shapes(in);
        HoistedTerms h = HoistedTerms.of(e, shapes, z.shape());
        if (h == null) {
            evaluate(e, z, cut, in, shapes);
            return;
        }
        apply(h.rest(), z, cut, withParts(h, z.isFloat(), cut, in));
    }

    /** Returns {@code in} followed by the values of {@code h}'s parts, computed on the heap. */
    static HostArray[] withParts(HoistedTerms h, boolean float32, ElementCut cut, HostArray[] in) {
        HostArray[] with = Arrays.copyOf(in, in.length + h.parts().size());
        for (int i = 0; i < h.parts().size(); i++) {
            HoistedTerms.Part part = h.parts().get(i);
            with[in.length + i] = HostArray.allocate(float32, part.shape());
            apply(part.e(), with[in.length + i], cut, pick(in, part.from()));
        }
        return with;
    }

    /** Returns the shapes of {@code in}. */
    static long[][] shapes(HostArray[] in) {
        long[][] shapes = new long[in.length][];
        for (int k = 0; k < in.length; k++) {
            shapes[k] = in[k].shape();
        }
        return shapes;
    }

    /** Returns the work of the expression's ops on one element, in simple ops. */
    static int work(Elementwise e) {
        int work = 0;
        for (Elementwise.Node node : e.nodes()) {
            work += node.op() != null ? HostElementwise.cost(node.op()) : 0;
        }
        return work;
    }

    private static HostArray[] pick(HostArray[] in, int[] which) {
        HostArray[] out = new HostArray[which.length];
        for (int i = 0; i < which.length; i++) {
            out[i] = in[which[i]];
        }
        return out;
    }

    private static void evaluate(
            Elementwise e, HostArray z, ElementCut cut, HostArray[] in, long[][] shapes) {
        Broadcast walk = new Broadcast(z.shape(), shapes);
        cut.forWork(work(e))
                .run(
                        z.length(),
                        (from, to) -> {
                            if (z.isFloat()) {
                                new Floats(e, in, z).run(walk, from, to);
                            } else {
                                new Doubles(e, in, z).run(walk, from, to);
                            }
                        });
    }

    /** This thread's node arrays, grown to the largest expression seen. */
    private static final class NodeArrays {
        float[][] f = new float[0][];
        double[][] d = new double[0][];

        float[][] floats(int nodes) {
            if (f.length < nodes) {
                f = grow(f, nodes, float[][]::new, () -> new float[CHUNK]);
            }
            return f;
        }

        double[][] doubles(int nodes) {
            if (d.length < nodes) {
                d = grow(d, nodes, double[][]::new, () -> new double[CHUNK]);
            }
            return d;
        }

        private static <A> A[] grow(A[] old, int size, IntFunction<A[]> make, Supplier<A> one) {
            A[] a = make.apply(size);
            System.arraycopy(old, 0, a, 0, old.length);
            for (int i = old.length; i < size; i++) {
                a[i] = one.get();
            }
            return a;
        }
    }

    /**
     * One piece of an evaluation: the walk over chunks, the gathering of inputs and the order of
     * the nodes; each node's values end up in its own array {@code j}, whose type the dtype's
     * subclass holds.
     */
    abstract static class Piece {
        final List<Elementwise.Node> nodes;

        /** The input nodes, and the input each reads: the loop of every run goes over these. */
        private final int[] inputNodes;

        private final int[] inputOf;

        /**
         * Per input node, the copy not yet made: where it starts in the input and in the chunk, and
         * its length (0 for none). A chunk's runs follow one another, so runs whose elements also
         * follow on in the input (a tensor walked beside a per-channel one) are copied in one call,
         * not one a run.
         */
        private final int[] pendingAt;

        private final int[] pendingC;
        private final int[] pendingLen;

        Piece(Elementwise e) {
            nodes = e.nodes();
            int count = 0;
            for (Elementwise.Node node : nodes) {
                count += node.isInput() ? 1 : 0;
            }
            inputNodes = new int[count];
            inputOf = new int[count];
            for (int j = 0, i = 0; j < nodes.size(); j++) {
                if (nodes.get(j).isInput()) {
                    inputNodes[i] = j;
                    inputOf[i++] = nodes.get(j).input();
                }
            }
            pendingAt = new int[count];
            pendingC = new int[count];
            pendingLen = new int[count];
        }

        final void run(Broadcast walk, long from, long to) {
            run(walk, from, to, CHUNK);
        }

        /** Walks {@code [from, to)} in chunks of {@code step} (at most {@link #CHUNK}) elements. */
        final void run(Broadcast walk, long from, long to, int step) {
            boolean[] advancing = new boolean[inputNodes.length];
            for (int i = 0; i < advancing.length; i++) {
                advancing[i] = walk.advances(inputOf[i]);
            }
            for (long at = from; at < to; at += step) {
                int n = (int) Math.min(step, to - at);
                long start = at;
                walk.walk(
                        at,
                        at + n,
                        (runAt, len, offsets) -> {
                            load(advancing, offsets, (int) (runAt - start), len);
                            seen((int) (runAt - start), len, offsets);
                        });
                for (int i = 0; i < inputNodes.length; i++) {
                    flush(i);
                }
                for (int j = 0; j < nodes.size(); j++) {
                    Elementwise.Node node = nodes.get(j);
                    if (node.op() != null) {
                        compute(node, j, n);
                    }
                }
                write((int) at, nodes.size() - 1, n); // the result is the last node
            }
        }

        /**
         * Loads {@code len} elements of each input, from {@code offsets}, to {@code c}: repeated
         * inputs at once, advancing ones with the runs before them that they follow on ({@link
         * #flush}).
         */
        private void load(boolean[] advancing, long[] offsets, int c, int len) {
            for (int i = 0; i < inputNodes.length; i++) {
                int at = (int) offsets[inputOf[i]];
                if (!advancing[i]) {
                    repeat(inputOf[i], at, inputNodes[i], c, len);
                } else if (pendingLen[i] > 0 && pendingAt[i] + pendingLen[i] == at) {
                    pendingLen[i] += len;
                } else {
                    flush(i);
                    pendingAt[i] = at;
                    pendingC[i] = c;
                    pendingLen[i] = len;
                }
            }
        }

        /** Makes input node {@code i}'s pending copy. */
        private void flush(int i) {
            if (pendingLen[i] > 0) {
                copy(inputOf[i], pendingAt[i], inputNodes[i], pendingC[i], pendingLen[i]);
                pendingLen[i] = 0;
            }
        }

        /**
         * Called for each run of the chunk, {@code len} elements from {@code c} in the chunk, with
         * the walk's operands' offsets at its start; nothing by default.
         */
        void seen(int c, int len, long[] offsets) {}

        /** Copies input {@code k}'s elements from {@code at} into array {@code j} at {@code c}. */
        abstract void copy(int k, int at, int j, int c, int len);

        /** Fills array {@code j} at {@code c} with input {@code k}'s element at {@code at}. */
        abstract void repeat(int k, int at, int j, int c, int len);

        /** Computes node {@code j}'s {@code n} values from its arguments' arrays. */
        abstract void compute(Elementwise.Node node, int j, int n);

        /** Writes array {@code j}'s {@code n} values to the result at {@code at}. */
        abstract void write(int at, int j, int n);
    }

    /** A piece in float32; {@code out} may be null where a subclass takes the values. */
    static class Floats extends Piece {
        private final FloatBuffer[] ins;
        private final FloatBuffer z;
        final float[][] v;

        Floats(Elementwise e, HostArray[] in, HostArray out) {
            super(e);
            ins = new FloatBuffer[in.length];
            for (int k = 0; k < in.length; k++) {
                ins[k] = in[k].floats();
            }
            z = out == null ? null : out.floats();
            v = SCRATCH.get().floats(nodes.size());
            for (int j = 0; j < nodes.size(); j++) {
                if (nodes.get(j).isConstant()) {
                    Arrays.fill(v[j], (float) nodes.get(j).constant());
                }
            }
        }

        @Override
        void copy(int k, int at, int j, int c, int len) {
            ins[k].get(at, v[j], c, len);
        }

        @Override
        void repeat(int k, int at, int j, int c, int len) {
            Arrays.fill(v[j], c, c + len, ins[k].get(at));
        }

        @Override
        void compute(Elementwise.Node node, int j, int n) {
            Op op = node.op();
            float[] x = v[node.arg(0)];
            if (HostMath.takes(op)) {
                System.arraycopy(x, 0, v[j], 0, n);
                HostMath.apply(op, v[j], n);
            } else {
                float[] y = node.arity() > 1 ? v[node.arg(1)] : null;
                float[] w = node.arity() > 2 ? v[node.arg(2)] : null;
                HostElementwise.compute(op, x, y, w, v[j], n);
            }
        }

        @Override
        void write(int at, int j, int n) {
            z.put(at, v[j], 0, n);
        }
    }

    /** A piece in float64; {@code out} may be null where a subclass takes the values. */
    static class Doubles extends Piece {
        private final DoubleBuffer[] ins;
        private final DoubleBuffer z;
        final double[][] v;

        Doubles(Elementwise e, HostArray[] in, HostArray out) {
            super(e);
            ins = new DoubleBuffer[in.length];
            for (int k = 0; k < in.length; k++) {
                ins[k] = in[k].doubles();
            }
            z = out == null ? null : out.doubles();
            v = SCRATCH.get().doubles(nodes.size());
            for (int j = 0; j < nodes.size(); j++) {
                if (nodes.get(j).isConstant()) {
                    Arrays.fill(v[j], nodes.get(j).constant());
                }
            }
        }

        @Override
        void copy(int k, int at, int j, int c, int len) {
            ins[k].get(at, v[j], c, len);
        }

        @Override
        void repeat(int k, int at, int j, int c, int len) {
            Arrays.fill(v[j], c, c + len, ins[k].get(at));
        }

        @Override
        void compute(Elementwise.Node node, int j, int n) {
            Op op = node.op();
            double[] x = v[node.arg(0)];
            if (HostMath.takes(op)) {
                System.arraycopy(x, 0, v[j], 0, n);
                HostMath.apply(op, v[j], n);
            } else {
                double[] y = node.arity() > 1 ? v[node.arg(1)] : null;
                double[] w = node.arity() > 2 ? v[node.arg(2)] : null;
                HostElementwise.compute(op, x, y, w, v[j], n);
            }
        }

        @Override
        void write(int at, int j, int n) {
            z.put(at, v[j], 0, n);
        }
    }
}
