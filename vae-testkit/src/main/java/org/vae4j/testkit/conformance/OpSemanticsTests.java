package org.vae4j.testkit.conformance;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.testkit.fixtures.Domain;
import org.vae4j.testkit.fixtures.Expect;
import org.vae4j.testkit.fixtures.SuiteContext;
import org.vae4j.testkit.fixtures.Tolerance;
import org.vae4j.testkit.fixtures.Twin;

/**
 * Every unary and binary op, and WHERE, against the reference on seeded random inputs of every
 * shape in {@link Cases#SHAPES} (same-shape operands; {@link BroadcastingTests} mixes shapes), and
 * at extreme inputs where naive formulas overflow or lose accuracy. Inputs must come back
 * unchanged.
 */
public abstract class OpSemanticsTests extends ScopedGroup {
    /** Ops that select or compare values without rounding, so they must match exactly. */
    static final Set<Op> SELECTING = EnumSet.of(Op.NEG, Op.ABS, Op.RELU, Op.MAXIMUM, Op.GREATER);

    /** Returns the tolerance of an elementwise op in a dtype. */
    static Tolerance tolerance(Op op, DType dtype) {
        return SELECTING.contains(op) ? Tolerance.EXACT : Tolerance.elementwise(dtype);
    }

    static Stream<Arguments> unaryCases() {
        return Cases.opsShapesDTypes(Op.Kind.UNARY, Cases.SHAPES);
    }

    static Stream<Arguments> binaryCases() {
        return Cases.opsShapesDTypes(Op.Kind.BINARY, Cases.SHAPES);
    }

    static Stream<Arguments> whereCases() {
        return Cases.opsShapesDTypes(Op.Kind.TERNARY, Cases.SHAPES);
    }

    static Stream<Arguments> unaryEdgeCases() {
        return Cases.withDTypes(
                List.of(
                        Arguments.of(Op.EXP, new double[] {-1000, -100, -1e-8, 0, 1e-8, 80, 100}),
                        Arguments.of(Op.LOG, new double[] {0, 1e-30, 1, 1e30}),
                        Arguments.of(Op.LOG1P, new double[] {-1, -0.5, -1e-10, 0, 1e-10, 1e30}),
                        Arguments.of(Op.SQRT, new double[] {0, 1e-30, 2, 1e30}),
                        Arguments.of(Op.SQUARE, new double[] {-1e20, -1e-20, 0, 3, 1e20}),
                        Arguments.of(Op.TANH, new double[] {-1000, -20, -1e-3, 0, 1e-3, 20, 1000}),
                        Arguments.of(Op.SIGMOID, new double[] {-1000, -100, -20, 0, 20, 100, 1000}),
                        Arguments.of(
                                Op.SOFTPLUS,
                                new double[] {-1000, -100, -20, -1, 0, 1, 20, 100, 1000}),
                        Arguments.of(Op.RELU, new double[] {-1e30, -1, 0, 1, 1e30})));
    }

    static Stream<Arguments> binaryEdgeCases() {
        return Cases.withDTypes(
                List.of(
                        Arguments.of(
                                Op.POW,
                                new double[] {-2, -2, -2, 0, 0, 2, 4, 1},
                                new double[] {3, 2, 0.5, 0, 2, -1, 0.5, 1000}),
                        Arguments.of(
                                Op.DIV, new double[] {1, -1, 0, 6}, new double[] {0, 0, 0, -3}),
                        Arguments.of(
                                Op.GREATER,
                                new double[] {-1e30, 1, 1, -0.0},
                                new double[] {-1e29, 1, 0.999, 0.0})));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unaryCases")
    void unaryMatchesReference(Op op, Shape shape, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng(op, shape, dtype);
        Twin x = context().random(rng, Domain.ofUnary(op), shape, dtype);
        double[] before = x.reference().toDoubles();
        Expect.matches(
                context().compute((ops, in) -> ops.unary(op, in.apply(x))), tolerance(op, dtype));
        Expect.values(x.tested(), shape, before);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("binaryCases")
    void binaryMatchesReference(Op op, Shape shape, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng(op, shape, dtype);
        Twin a = context().random(rng, Domain.ofFirst(op), shape, dtype);
        Twin b = context().random(rng, Domain.ofSecond(op), shape, dtype);
        double[] beforeA = a.reference().toDoubles();
        double[] beforeB = b.reference().toDoubles();
        Twin y = context().compute((ops, in) -> ops.binary(op, in.apply(a), in.apply(b)));
        Expect.matches(y, tolerance(op, dtype));
        Expect.values(a.tested(), shape, beforeA);
        Expect.values(b.tested(), shape, beforeB);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("whereCases")
    void whereMatchesReference(Op op, Shape shape, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng(op, shape, dtype);
        Twin condition = context().random(rng, Domain.SMALL_INTEGERS, shape, dtype);
        Twin a = context().random(rng, Domain.GENERAL, shape, dtype);
        Twin b = context().random(rng, Domain.GENERAL, shape, dtype);
        Twin y =
                context()
                        .compute(
                                (ops, in) ->
                                        ops.where(in.apply(condition), in.apply(a), in.apply(b)));
        Expect.exact(y);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unaryEdgeCases")
    void unaryAtExtremeInputs(Op op, double[] inputs, DType dtype) {
        assumeDType(dtype);
        Twin x = context().twin(inputs, Shape.of(inputs.length), dtype);
        Twin y = context().compute((ops, in) -> ops.unary(op, in.apply(x)));
        Expect.matches(y, SELECTING.contains(op) ? Tolerance.EXACT : Tolerance.edge(dtype));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("binaryEdgeCases")
    void binaryAtExtremeInputs(Op op, double[] first, double[] second, DType dtype) {
        assumeDType(dtype);
        Shape shape = Shape.of(first.length);
        Twin a = context().twin(first, shape, dtype);
        Twin b = context().twin(second, shape, dtype);
        Twin y = context().compute((ops, in) -> ops.binary(op, in.apply(a), in.apply(b)));
        Expect.matches(y, SELECTING.contains(op) ? Tolerance.EXACT : Tolerance.edge(dtype));
    }
}
