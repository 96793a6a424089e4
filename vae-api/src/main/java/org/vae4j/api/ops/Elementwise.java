package org.vae4j.api.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An elementwise expression over numbered inputs: unary, binary and {@link Op#WHERE} ops and
 * constants, each node over earlier ones, the last node the result. {@link TensorOps#elementwise}
 * evaluates it over tensors broadcast together, in one pass over memory where a backend can,
 * instead of one pass and one full-size temporary per op. Built with {@link #builder}:
 *
 * <pre>{@code
 * Elementwise.Builder b = Elementwise.builder(2);
 * Elementwise e = b.build(b.input(0).sub(b.input(1)).square().mul(-0.5));
 * }</pre>
 *
 * <p>An expression is immutable and can be evaluated any number of times, on any backend.
 */
public final class Elementwise {
    /**
     * One node: input number {@code input} (op null, input at least 0), a constant (op null, input
     * -1), or {@code op} over the nodes {@code args}.
     *
     * @param op the op, or null for an input or a constant
     * @param input the input's number, or -1
     * @param constant the constant's value (0 for other nodes)
     * @param args the nodes the op reads, earlier than this one
     */
    public record Node(Op op, int input, double constant, int[] args) {
        /** Copies the arguments. */
        public Node {
            args = args.clone();
        }

        /** Returns the nodes the op reads (a copy). */
        @Override
        public int[] args() {
            return args.clone();
        }

        /** Returns how many nodes the op reads (0 for inputs and constants). */
        public int arity() {
            return args.length;
        }

        /** Returns argument {@code i}'s node. */
        public int arg(int i) {
            return args[i];
        }

        /** Returns whether this node is an input. */
        public boolean isInput() {
            return op == null && input >= 0;
        }

        /** Returns whether this node is a constant. */
        public boolean isConstant() {
            return op == null && input < 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Node n
                    && op == n.op
                    && input == n.input
                    && Double.compare(constant, n.constant) == 0
                    && Arrays.equals(args, n.args);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * Arrays.hashCode(args) + input) + Double.hashCode(constant))
                    + (op == null ? 0 : op.hashCode());
        }

        @Override
        public String toString() {
            if (isInput()) {
                return "in" + input;
            }
            return isConstant() ? Double.toString(constant) : op + Arrays.toString(args);
        }
    }

    private final int inputs;
    private final List<Node> nodes;

    private Elementwise(int inputs, List<Node> nodes) {
        this.inputs = inputs;
        this.nodes = List.copyOf(nodes);
    }

    /** Starts an expression over {@code inputs} inputs (at least 1). */
    public static Builder builder(int inputs) {
        if (inputs < 1) {
            throw new IllegalArgumentException(
                    "an elementwise expression needs at least one input, got " + inputs);
        }
        return new Builder(inputs);
    }

    /** Returns how many inputs the expression takes. */
    public int inputs() {
        return inputs;
    }

    /** Returns the nodes in order; the last is the result. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Returns the result's node number. */
    public int result() {
        return nodes.size() - 1;
    }

    /** Returns for example {@code [in0, in1, SUB[0, 1], SQUARE[2]]}. */
    @Override
    public String toString() {
        return "Elementwise" + nodes;
    }

    /**
     * Appends nodes, sharing equal ones (the same input, constant, or op over the same nodes), and
     * makes the expression from the node of its result.
     */
    public static final class Builder {
        private final int inputs;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<Node, Integer> index = new HashMap<>();

        private Builder(int inputs) {
            this.inputs = inputs;
        }

        /** Returns input number {@code k}. */
        public Term input(int k) {
            if (k < 0 || k >= inputs) {
                throw new IllegalArgumentException(
                        "input " + k + " of an expression over " + inputs + " inputs");
            }
            return add(new Node(null, k, 0, new int[0]));
        }

        /** Returns a constant, in the inputs' dtype when evaluated. */
        public Term constant(double value) {
            return add(new Node(null, -1, value, new int[0]));
        }

        /**
         * Returns {@code op} over the terms: one for unary ops, two for binary, three for WHERE.
         */
        public Term apply(Op op, Term... args) {
            int arity =
                    switch (op.kind()) {
                        case UNARY -> 1;
                        case BINARY -> 2;
                        case TERNARY -> 3;
                        default ->
                                throw new IllegalArgumentException(
                                        op
                                                + " is not elementwise; an expression holds unary,"
                                                + " binary and WHERE ops");
                    };
            if (args.length != arity) {
                throw new IllegalArgumentException(
                        op + " takes " + arity + " arguments, got " + args.length);
            }
            int[] at = new int[arity];
            for (int i = 0; i < arity; i++) {
                if (args[i].builder != this) {
                    throw new IllegalArgumentException(
                            "a term of another expression was passed to " + op);
                }
                at[i] = args[i].node;
            }
            return add(new Node(op, -1, 0, at));
        }

        /**
         * Returns the value of another expression with its inputs replaced by {@code args}, one per
         * input: its nodes are appended here, so expressions compose.
         */
        public Term inline(Elementwise e, Term... args) {
            if (args.length != e.inputs) {
                throw new IllegalArgumentException(
                        "the expression takes " + e.inputs + " inputs, got " + args.length);
            }
            Term[] terms = new Term[e.nodes.size()];
            for (int j = 0; j < terms.length; j++) {
                Node n = e.nodes.get(j);
                if (n.isInput()) {
                    terms[j] = args[n.input];
                } else if (n.isConstant()) {
                    terms[j] = constant(n.constant);
                } else {
                    Term[] a = new Term[n.args.length];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = terms[n.args[i]];
                    }
                    terms[j] = apply(n.op, a);
                }
            }
            return terms[e.result()];
        }

        /** Returns {@code condition != 0 ? ifTrue : ifFalse}. */
        public Term where(Term condition, Term ifTrue, Term ifFalse) {
            return apply(Op.WHERE, condition, ifTrue, ifFalse);
        }

        /**
         * Returns the expression whose value is {@code result}, with only the nodes it needs (in
         * order).
         */
        public Elementwise build(Term result) {
            if (result.builder != this) {
                throw new IllegalArgumentException("the result is a term of another expression");
            }
            boolean[] used = new boolean[result.node + 1];
            used[result.node] = true;
            for (int j = result.node; j >= 0; j--) {
                if (used[j]) {
                    for (int a : nodes.get(j).args) {
                        used[a] = true;
                    }
                }
            }
            int[] renumber = new int[result.node + 1];
            List<Node> kept = new ArrayList<>();
            for (int j = 0; j <= result.node; j++) {
                if (used[j]) {
                    Node n = nodes.get(j);
                    int[] args = new int[n.args.length];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = renumber[n.args[i]];
                    }
                    renumber[j] = kept.size();
                    kept.add(new Node(n.op, n.input, n.constant, args));
                }
            }
            return new Elementwise(inputs, kept);
        }

        private Term add(Node n) {
            Integer at = index.get(n);
            if (at == null) {
                at = nodes.size();
                nodes.add(n);
                index.put(n, at);
            }
            return new Term(this, at);
        }
    }

    /** A value in an expression being built: an input, a constant, or an op's result. */
    public static final class Term {
        private final Builder builder;
        private final int node;

        private Term(Builder builder, int node) {
            this.builder = builder;
            this.node = node;
        }

        private Term op(Op op) {
            return builder.apply(op, this);
        }

        private Term op(Op op, Term other) {
            return builder.apply(op, this, other);
        }

        private Term op(Op op, double other) {
            return builder.apply(op, this, builder.constant(other));
        }

        /** {@code this + other}. */
        public Term add(Term other) {
            return op(Op.ADD, other);
        }

        /** {@code this + c}. */
        public Term add(double c) {
            return op(Op.ADD, c);
        }

        /** {@code this - other}. */
        public Term sub(Term other) {
            return op(Op.SUB, other);
        }

        /** {@code this - c}. */
        public Term sub(double c) {
            return op(Op.SUB, c);
        }

        /** {@code this * other}. */
        public Term mul(Term other) {
            return op(Op.MUL, other);
        }

        /** {@code this * c}. */
        public Term mul(double c) {
            return op(Op.MUL, c);
        }

        /** {@code this / other}. */
        public Term div(Term other) {
            return op(Op.DIV, other);
        }

        /** {@code this / c}. */
        public Term div(double c) {
            return op(Op.DIV, c);
        }

        /** {@code max(this, other)}. */
        public Term maximum(Term other) {
            return op(Op.MAXIMUM, other);
        }

        /** {@code this ^ other}. */
        public Term pow(Term other) {
            return op(Op.POW, other);
        }

        /** {@code this ^ c}. */
        public Term pow(double c) {
            return op(Op.POW, c);
        }

        /** 1 where {@code this > other}, else 0. */
        public Term greater(Term other) {
            return op(Op.GREATER, other);
        }

        /** 1 where {@code this > c}, else 0. */
        public Term greater(double c) {
            return op(Op.GREATER, c);
        }

        /** {@code -this}. */
        public Term neg() {
            return op(Op.NEG);
        }

        /** {@code e^this}. */
        public Term exp() {
            return op(Op.EXP);
        }

        /** Natural logarithm. */
        public Term log() {
            return op(Op.LOG);
        }

        /** {@code log(1 + this)}. */
        public Term log1p() {
            return op(Op.LOG1P);
        }

        /** Square root. */
        public Term sqrt() {
            return op(Op.SQRT);
        }

        /** {@code this * this}. */
        public Term square() {
            return op(Op.SQUARE);
        }

        /** {@code |this|}. */
        public Term abs() {
            return op(Op.ABS);
        }

        /** Hyperbolic tangent. */
        public Term tanh() {
            return op(Op.TANH);
        }

        /** {@code 1 / (1 + e^-this)}. */
        public Term sigmoid() {
            return op(Op.SIGMOID);
        }

        /** {@code max(this, 0)}. */
        public Term relu() {
            return op(Op.RELU);
        }

        /** {@code log(1 + e^this)}. */
        public Term softplus() {
            return op(Op.SOFTPLUS);
        }
    }
}
