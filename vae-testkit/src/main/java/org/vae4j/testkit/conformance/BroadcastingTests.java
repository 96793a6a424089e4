package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.testkit.fixtures.Domain;
import org.vae4j.testkit.fixtures.Expect;
import org.vae4j.testkit.fixtures.SuiteContext;
import org.vae4j.testkit.fixtures.Twin;

/**
 * NumPy broadcasting for every binary op (both operand orders) and for WHERE's three-way broadcast:
 * size-1 axes against larger ones, missing leading axes, scalars, empty axes.
 */
public abstract class BroadcastingTests extends ScopedGroup {
    /** Pairs of shapes that broadcast, each tried in both orders. */
    private static final List<Shape[]> PAIRS =
            List.of(
                    shapes(Shape.of(3, 1), Shape.of(1, 4)),
                    shapes(Shape.of(2, 3, 4), Shape.of(4)),
                    shapes(Shape.of(2, 1, 4), Shape.of(3, 1)),
                    shapes(Shape.scalar(), Shape.of(2, 3)),
                    shapes(Shape.of(0, 3), Shape.of(1, 3)),
                    shapes(Shape.of(2, 3), Shape.of(2, 3)),
                    shapes(Shape.of(1, 1, 1, 5), Shape.of(2, 3, 1, 1)));

    /** Condition, ifTrue and ifFalse shapes for WHERE. */
    private static final List<Shape[]> TRIPLES =
            List.of(
                    shapes(Shape.of(2, 1, 4), Shape.of(3, 1), Shape.of(4)),
                    shapes(Shape.scalar(), Shape.of(2, 3), Shape.of(3)),
                    shapes(Shape.of(3, 1), Shape.of(1, 4), Shape.scalar()),
                    shapes(Shape.of(4), Shape.of(3, 1), Shape.of(2, 1, 1)),
                    shapes(Shape.of(0, 3), Shape.of(1, 3), Shape.of(3)),
                    shapes(Shape.of(2, 3), Shape.of(2, 3), Shape.of(2, 3)));

    private static Shape[] shapes(Shape... s) {
        return s;
    }

    static Stream<Arguments> binaryPairs() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : Cases.ops(Op.Kind.BINARY)) {
            for (Shape[] p : PAIRS) {
                for (DType d : DType.values()) {
                    cases.add(Arguments.of(op, p[0], p[1], d));
                    if (!p[0].equals(p[1])) {
                        cases.add(Arguments.of(op, p[1], p[0], d));
                    }
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> whereTriples() {
        return Cases.withDTypes(TRIPLES.stream().map(t -> Arguments.of((Object[]) t)).toList());
    }

    @ParameterizedTest(name = "{0} {1} with {2} {3}")
    @MethodSource("binaryPairs")
    void binaryOpsBroadcast(Op op, Shape first, Shape second, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng(op, first, second, dtype);
        Twin a = context().random(rng, Domain.ofFirst(op), first, dtype);
        Twin b = context().random(rng, Domain.ofSecond(op), second, dtype);
        Twin y = context().compute((ops, in) -> ops.binary(op, in.apply(a), in.apply(b)));
        assertThat(y.tested().shape()).isEqualTo(OpShapes.broadcast(op, first, second));
        Expect.matches(y, OpSemanticsTests.tolerance(op, dtype));
    }

    @ParameterizedTest(name = "WHERE {0} ? {1} : {2} {3}")
    @MethodSource("whereTriples")
    void whereBroadcastsAllThree(Shape condition, Shape ifTrue, Shape ifFalse, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng(Op.WHERE, condition, ifTrue, ifFalse, dtype);
        Twin c = context().random(rng, Domain.SMALL_INTEGERS, condition, dtype);
        Twin a = context().random(rng, Domain.GENERAL, ifTrue, dtype);
        Twin b = context().random(rng, Domain.GENERAL, ifFalse, dtype);
        Twin y = context().compute((ops, in) -> ops.where(in.apply(c), in.apply(a), in.apply(b)));
        Shape expected =
                OpShapes.broadcast(
                        Op.WHERE, condition, OpShapes.broadcast(Op.WHERE, ifTrue, ifFalse));
        assertThat(y.tested().shape()).isEqualTo(expected);
        Expect.exact(y);
    }
}
