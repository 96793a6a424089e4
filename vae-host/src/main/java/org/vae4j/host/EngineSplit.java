package org.vae4j.host;

import java.util.List;
import java.util.function.Predicate;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.Shape;

/**
 * An elementwise expression cut at its first unary node that an engine computes with a kernel of
 * its own (a function the engine vectorises and the host loops compute more slowly): the node's
 * argument, its op, and the rest of the expression, which reads the op's value as one more input. A
 * backend computes the argument on the host (or takes the input it is), runs the engine's kernel on
 * it and goes on with the rest, which may be cut again; since the engine computes that op alone
 * too, each node keeps the bits of its op alone. Nodes whose argument reads no input (terms of
 * constants alone) are not cut.
 *
 * @param argument the node's argument, as an expression over the inputs {@code from}
 * @param from the original inputs the argument reads, in its own input order
 * @param shape the argument's shape: its inputs' shapes broadcast together
 * @param op the op the engine computes
 * @param rest the expression over the original inputs and then the op's value
 */
public record EngineSplit(Elementwise argument, int[] from, long[] shape, Op op, Elementwise rest) {
    /**
     * Returns the cut of {@code e} over inputs of shapes {@code in} at its first unary node whose
     * op {@code engine} accepts, or null if it has none.
     */
    public static EngineSplit of(Elementwise e, long[][] in, Predicate<Op> engine) {
        List<Elementwise.Node> nodes = e.nodes();
        boolean[] readsInput = HoistedTerms.readsInput(e);
        for (int j = 0; j < nodes.size(); j++) {
            Elementwise.Node node = nodes.get(j);
            if (node.arity() == 1 && readsInput[j] && engine.test(node.op())) {
                return at(e, j, HoistedTerms.shapes(e, in)[node.arg(0)]);
            }
        }
        return null;
    }

    /** Returns the original input the argument is as it stands, or -1 if it is computed. */
    public int argumentInput() {
        Elementwise.Node only = argument.nodes().get(argument.result());
        return only.isInput() ? from[only.input()] : -1;
    }

    private static EngineSplit at(Elementwise e, int j, Shape argumentShape) {
        Elementwise.Node node = e.nodes().get(j);
        long[] shape = argumentShape.toLongArray();
        HoistedTerms.Part part = HoistedTerms.part(e, node.arg(0), shape);
        Elementwise.Builder b = Elementwise.builder(e.inputs() + 1);
        Term[] terms = new Term[e.nodes().size()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = i == j ? b.input(e.inputs()) : HoistedTerms.copy(b, e.nodes().get(i), terms);
        }
        return new EngineSplit(part.e(), part.from(), shape, node.op(), b.build(terms[e.result()]));
    }
}
