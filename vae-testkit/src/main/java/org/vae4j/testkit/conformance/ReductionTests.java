package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.testkit.fixtures.Domain;
import org.vae4j.testkit.fixtures.Expect;
import org.vae4j.testkit.fixtures.SuiteContext;
import org.vae4j.testkit.fixtures.Tolerance;
import org.vae4j.testkit.fixtures.Twin;

/**
 * SUM and MAX over each single axis, several axes, all axes, negative and unsorted axes, no axes,
 * with and without keepDims, on scalars and empty tensors; MAX of negative values; sums over empty
 * axes; {@code allFinite} over several tensors, a NaN or infinity anywhere and the finite extremes.
 */
public abstract class ReductionTests extends ScopedGroup {
    private static final Shape CUBE = Shape.of(2, 3, 4);

    /** A shape and the axes to reduce it over. */
    private record Case(Shape shape, int[] axes) {}

    private static final List<Case> CASES =
            List.of(
                    new Case(CUBE, new int[] {0}),
                    new Case(CUBE, new int[] {1}),
                    new Case(CUBE, new int[] {2}),
                    new Case(CUBE, new int[] {-1}),
                    new Case(CUBE, new int[] {-3}),
                    new Case(CUBE, new int[] {0, 2}),
                    new Case(CUBE, new int[] {-1, 0}),
                    new Case(CUBE, new int[] {0, 1, 2}),
                    new Case(CUBE, new int[] {2, -2, 0}),
                    new Case(CUBE, new int[0]),
                    new Case(Shape.scalar(), new int[0]),
                    new Case(Shape.of(7), new int[] {0}),
                    new Case(Shape.of(2, 1, 3, 2), new int[] {1, 3}),
                    new Case(Shape.of(2, 1, 3, 2), new int[] {-4, -2}),
                    new Case(Shape.of(2, 0, 3), new int[] {0}),
                    new Case(Shape.of(2, 0, 3), new int[] {1}),
                    new Case(Shape.of(2, 0, 3), new int[0]),
                    new Case(Shape.of(0), new int[] {0}));

    static Stream<Arguments> reductions() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : Cases.ops(Op.Kind.REDUCTION)) {
            for (Case c : CASES) {
                boolean emptyAxis = false;
                for (int a : c.axes()) {
                    emptyAxis |= c.shape().dim(a) == 0;
                }
                if (op == Op.MAX && emptyAxis) {
                    continue; // an error, checked by ErrorMessageTests
                }
                for (boolean keepDims : new boolean[] {false, true}) {
                    cases.add(Arguments.of(op, c.shape(), c.axes(), keepDims));
                }
            }
        }
        return Cases.withDTypes(cases);
    }

    @ParameterizedTest(name = "{0} {1} axes {2} keepDims={3} {4}")
    @MethodSource("reductions")
    void reduceMatchesReference(Op op, Shape shape, int[] axes, boolean keepDims, DType dtype) {
        assumeDType(dtype);
        Twin x =
                context()
                        .random(
                                SuiteContext.rng(op, shape, axes, keepDims, dtype),
                                Domain.GENERAL,
                                shape,
                                dtype);
        Twin y = context().compute((ops, in) -> ops.reduce(op, in.apply(x), axes, keepDims));
        Shape expected = OpShapes.reduced(shape, OpShapes.reductionAxes(op, shape, axes), keepDims);
        assertThat(y.tested().shape()).isEqualTo(expected);
        if (op == Op.MAX) {
            Expect.exact(y);
        } else {
            Tensor magnitude = reference().unary(Op.ABS, x.reference());
            Tensor scale = reference().reduce(Op.SUM, magnitude, axes, keepDims);
            Expect.matches(y, Tolerance.accumulated(dtype), scale);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void maxOfNegativeValuesIsNegative(DType dtype) {
        assumeDType(dtype);
        double[] values = {-3, -1.5, -2, -7, -0.25, -4};
        Tensor x = SuiteContext.tensor(backend(), values, Shape.of(2, 3), dtype);
        Expect.values(backend().reduce(Op.MAX, x, new int[] {0, 1}, false), Shape.scalar(), -0.25);
        Expect.values(
                backend().reduce(Op.MAX, x, new int[] {1}, true), Shape.of(2, 1), -1.5, -0.25);
        Expect.values(
                backend().reduce(Op.MAX, x, new int[] {0}, false), Shape.of(3), -3, -0.25, -2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void sumOverAnEmptyAxisIsZero(DType dtype) {
        assumeDType(dtype);
        Tensor x = backend().zeros(Shape.of(2, 0, 3), dtype);
        Expect.values(
                backend().reduce(Op.SUM, x, new int[] {1}, false),
                Shape.of(2, 3),
                0,
                0,
                0,
                0,
                0,
                0);
        Expect.values(backend().reduce(Op.SUM, x, new int[] {0, 1, 2}, true), Shape.of(1, 1, 1), 0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void noAxesReturnsAnEqualCopy(DType dtype) {
        assumeDType(dtype);
        Tensor x =
                SuiteContext.tensor(backend(), new double[] {1, -2, 3, 4}, Shape.of(2, 2), dtype);
        Tensor y = backend().reduce(Op.SUM, x, new int[0], true);
        assertThat(y).isNotSameAs(x);
        y.close();
        Expect.values(x, Shape.of(2, 2), 1, -2, 3, 4);
    }

    /**
     * Finite values for {@code allFinite}: an empty tensor, one longer than two chunks of 4,096
     * (the host loops' size) with the dtype's extremes, whose sum overflows, a scalar and a short
     * one.
     */
    private List<Tensor> finiteTensors(DType dtype, int bad, int at, double value) {
        boolean f32 = dtype == DType.FLOAT32;
        double[] longValues = new double[3 * 2743];
        for (int i = 0; i < longValues.length; i++) {
            longValues[i] = Math.sin(i) * 1e3;
        }
        longValues[16] = f32 ? Float.MAX_VALUE : Double.MAX_VALUE; // a sum of values overflows
        longValues[17] = longValues[16];
        longValues[18] = -longValues[16];
        longValues[19] = f32 ? Float.MIN_VALUE : Double.MIN_VALUE;
        double[][] values = {{}, longValues, {2.5}, {1, -2, 3, -4, 5}};
        Shape[] shapes = {Shape.of(0, 3), Shape.of(3, 2743), Shape.scalar(), Shape.of(5)};
        List<Tensor> tensors = new ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            double[] v = values[k].clone();
            if (k == bad) {
                v[at] = value;
            }
            tensors.add(SuiteContext.tensor(backend(), v, shapes[k], dtype));
        }
        return tensors;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void allFiniteSeesEveryNaNAndInfinityAndNothingElse(DType dtype) {
        assumeDType(dtype);
        assertThat(backend().allFinite(List.of())).isTrue();
        assertThat(backend().allFinite(finiteTensors(dtype, -1, 0, 0))).isTrue();
        int[][] places = {{1, 0}, {1, 4095}, {1, 4096}, {1, 3 * 2743 - 1}, {2, 0}, {3, 4}};
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1 / 0.0}) {
            for (int[] place : places) {
                assertThat(backend().allFinite(finiteTensors(dtype, place[0], place[1], bad)))
                        .as("%s in tensor %d at %d", bad, place[0], place[1])
                        .isFalse();
            }
        }
    }
}
