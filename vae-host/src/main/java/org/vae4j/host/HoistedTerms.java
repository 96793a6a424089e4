package org.vae4j.host;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.tensor.Shape;

/**
 * An elementwise expression split where some of its terms have fewer elements than its result: each
 * such term that a full-size term reads (or that is the result) becomes a part of its own, computed
 * once at its own broadcast shape, and the rest of the expression reads the parts as extra inputs
 * (after the original ones). Without the split, a one-pass evaluation would compute {@code
 * exp(-logVar)} of per-feature parameters once per element of a batch instead of once per feature.
 *
 * @param parts the terms computed first, in order
 * @param rest the expression over the original inputs and then the parts' values
 */
record HoistedTerms(List<Part> parts, Elementwise rest) {
    /**
     * One term computed first.
     *
     * @param e the term as an expression over some of the original inputs
     * @param shape its shape
     * @param from the original inputs it reads, in its own input order
     */
    record Part(Elementwise e, long[] shape, int[] from) {}

    /**
     * Returns the split of {@code e} over inputs of shapes {@code in} broadcast to {@code out}, or
     * null if every op term has the result's size.
     */
    static HoistedTerms of(Elementwise e, long[][] in, long[] out) {
        List<Elementwise.Node> nodes = e.nodes();
        int n = nodes.size();
        Shape[] shape = shapes(e, in);
        boolean[] readsInput = readsInput(e); // terms of constants alone stay where they are
        boolean[] small = new boolean[n];
        long outSize = Shape.of(toInts(out)).size();
        for (int j = 0; j < n; j++) {
            small[j] = nodes.get(j).op() != null && readsInput[j] && shape[j].size() < outSize;
        }
        boolean[] hoist = new boolean[n];
        hoist[e.result()] = small[e.result()];
        for (int j = 0; j < n; j++) {
            Elementwise.Node node = nodes.get(j);
            if (node.op() != null && !small[j]) {
                for (int i = 0; i < node.arity(); i++) {
                    hoist[node.arg(i)] |= small[node.arg(i)];
                }
            }
        }
        int hoisted = count(hoist);
        if (hoisted == 0) {
            return null;
        }
        List<Part> parts = new ArrayList<>();
        Elementwise.Builder b = Elementwise.builder(in.length + hoisted);
        Term[] terms = new Term[n];
        for (int j = 0; j < n; j++) {
            Elementwise.Node node = nodes.get(j);
            if (hoist[j]) {
                terms[j] = b.input(in.length + parts.size());
                parts.add(part(e, j, shape[j].toLongArray()));
            } else {
                terms[j] = copy(b, node, terms);
            }
        }
        return new HoistedTerms(parts, b.build(terms[e.result()]));
    }

    /** Returns each node's shape: its arguments' shapes broadcast together. */
    static Shape[] shapes(Elementwise e, long[][] in) {
        List<Elementwise.Node> nodes = e.nodes();
        Shape[] shape = new Shape[nodes.size()];
        for (int j = 0; j < shape.length; j++) {
            Elementwise.Node node = nodes.get(j);
            if (node.isInput()) {
                shape[j] = Shape.of(toInts(in[node.input()]));
            } else if (node.isConstant()) {
                shape[j] = Shape.scalar();
            } else {
                Shape s = shape[node.arg(0)];
                for (int i = 1; i < node.arity(); i++) {
                    s = OpShapes.broadcast("elementwise", s, shape[node.arg(i)]);
                }
                shape[j] = s;
            }
        }
        return shape;
    }

    /** Returns whether each node reads an input (else it is a term of constants alone). */
    static boolean[] readsInput(Elementwise e) {
        List<Elementwise.Node> nodes = e.nodes();
        boolean[] reads = new boolean[nodes.size()];
        for (int j = 0; j < reads.length; j++) {
            Elementwise.Node node = nodes.get(j);
            reads[j] = node.isInput();
            for (int a : node.args()) {
                reads[j] |= reads[a];
            }
        }
        return reads;
    }

    /**
     * Returns {@code node} appended to {@code b}: the same input, constant, or op over the terms
     * its arguments became.
     */
    static Term copy(Elementwise.Builder b, Elementwise.Node node, Term[] terms) {
        if (node.isInput()) {
            return b.input(node.input());
        }
        return node.isConstant()
                ? b.constant(node.constant())
                : b.apply(node.op(), args(node, terms));
    }

    /**
     * Returns node {@code j} of {@code e} as an expression over the inputs it reads, of shape
     * {@code shape}.
     */
    static Part part(Elementwise e, int j, long[] shape) {
        List<Elementwise.Node> nodes = e.nodes();
        boolean[] used = new boolean[j + 1];
        used[j] = true;
        for (int i = j; i >= 0; i--) {
            if (used[i]) {
                for (int a : nodes.get(i).args()) {
                    used[a] = true;
                }
            }
        }
        int[] number = new int[e.inputs()];
        List<Integer> from = new ArrayList<>();
        for (int i = 0; i <= j; i++) {
            Elementwise.Node node = nodes.get(i);
            if (used[i] && node.isInput() && !from.contains(node.input())) {
                number[node.input()] = from.size();
                from.add(node.input());
            }
        }
        Elementwise.Builder b = Elementwise.builder(Math.max(1, from.size()));
        Term[] terms = new Term[j + 1];
        for (int i = 0; i <= j; i++) {
            Elementwise.Node node = nodes.get(i);
            if (!used[i]) {
                continue;
            }
            if (node.isInput()) {
                terms[i] = b.input(number[node.input()]);
            } else if (node.isConstant()) {
                terms[i] = b.constant(node.constant());
            } else {
                terms[i] = b.apply(node.op(), args(node, terms));
            }
        }
        return new Part(
                b.build(terms[j]), shape, from.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Term[] args(Elementwise.Node node, Term[] terms) {
        Term[] args = new Term[node.arity()];
        for (int i = 0; i < args.length; i++) {
            args[i] = terms[node.arg(i)];
        }
        return args;
    }

    private static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            c += f ? 1 : 0;
        }
        return c;
    }

    private static int[] toInts(long[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Math.toIntExact(dims[i]);
        }
        return out;
    }
}
