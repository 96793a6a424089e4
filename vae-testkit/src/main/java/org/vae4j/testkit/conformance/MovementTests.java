package org.vae4j.testkit.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.testkit.fixtures.Domain;
import org.vae4j.testkit.fixtures.Expect;
import org.vae4j.testkit.fixtures.SuiteContext;
import org.vae4j.testkit.fixtures.Twin;

/**
 * Reshape, permute, broadcastTo, concat, slice, take and cast against the reference: values are
 * moved, never computed, so they must match exactly.
 */
public abstract class MovementTests extends ScopedGroup {

    static Stream<Arguments> reshapes() {
        return Cases.withDTypes(
                List.of(
                        Arguments.of(Shape.scalar(), Shape.of(1)),
                        Arguments.of(Shape.of(1), Shape.scalar()),
                        Arguments.of(Shape.of(1, 1, 1), Shape.scalar()),
                        Arguments.of(Shape.of(2, 3), Shape.of(3, 2)),
                        Arguments.of(Shape.of(2, 3, 4), Shape.of(6, 4)),
                        Arguments.of(Shape.of(2, 3, 4), Shape.of(24)),
                        Arguments.of(Shape.of(24), Shape.of(2, 3, 1, 4)),
                        Arguments.of(Shape.of(0, 3), Shape.of(3, 0)),
                        Arguments.of(Shape.of(0), Shape.of(2, 0, 5))));
    }

    static Stream<Arguments> permutations() {
        return Cases.withDTypes(
                List.of(
                        Arguments.of(Shape.scalar(), new int[0]),
                        Arguments.of(Shape.of(5), new int[] {0}),
                        Arguments.of(Shape.of(3, 4), new int[] {1, 0}),
                        Arguments.of(Shape.of(2, 3, 4), new int[] {2, 0, 1}),
                        Arguments.of(Shape.of(2, 3, 4), new int[] {1, 0, 2}),
                        Arguments.of(Shape.of(2, 3, 4), new int[] {0, 1, 2}),
                        Arguments.of(Shape.of(2, 0, 3), new int[] {2, 1, 0}),
                        Arguments.of(Shape.of(2, 3, 4, 5), new int[] {3, 1, 0, 2}),
                        Arguments.of(Shape.of(2, 1, 3, 2), new int[] {3, 2, 1, 0})));
    }

    static Stream<Arguments> broadcasts() {
        return Cases.withDTypes(
                List.of(
                        Arguments.of(Shape.of(3), Shape.of(2, 3)),
                        Arguments.of(Shape.scalar(), Shape.of(2, 3)),
                        Arguments.of(Shape.of(3, 1), Shape.of(2, 3, 4)),
                        Arguments.of(Shape.of(1, 4), Shape.of(3, 2, 4)),
                        Arguments.of(Shape.of(1, 1), Shape.of(2, 0)),
                        Arguments.of(Shape.of(2, 3), Shape.of(2, 3))));
    }

    static Stream<Arguments> concatAxes() {
        return Cases.withDTypes(
                List.of(Arguments.of(0), Arguments.of(1), Arguments.of(2), Arguments.of(-1)));
    }

    static Stream<Arguments> slices() {
        return Cases.withDTypes(
                List.of(
                        Arguments.of(-1, 0, 1),
                        Arguments.of(-1, 4, 5),
                        Arguments.of(-1, 2, 2),
                        Arguments.of(-1, 1, 4),
                        Arguments.of(-1, 0, 5),
                        Arguments.of(-2, 0, 0),
                        Arguments.of(-3, 1, 2),
                        Arguments.of(0, 0, 2)));
    }

    static Stream<Arguments> takes() {
        return Cases.withDTypes(
                List.of(
                        Arguments.of(Shape.of(4, 3), new int[] {2, 0, 2, 3, 3}),
                        Arguments.of(Shape.of(4, 3), new int[0]),
                        Arguments.of(Shape.of(4, 3), new int[] {1}),
                        Arguments.of(Shape.of(5), new int[] {4, 4, 0}),
                        Arguments.of(Shape.of(3, 0), new int[] {0, 2}),
                        Arguments.of(Shape.of(2, 3, 4), new int[] {1, 0})));
    }

    private Twin input(Shape shape, DType dtype, Object... caseParts) {
        return context().random(SuiteContext.rng(caseParts), Domain.GENERAL, shape, dtype);
    }

    @ParameterizedTest(name = "{0} to {1} {2}")
    @MethodSource("reshapes")
    void reshape(Shape from, Shape to, DType dtype) {
        assumeDType(dtype);
        Twin x = input(from, dtype, Op.RESHAPE, from, to, dtype);
        Expect.exact(context().compute((ops, in) -> ops.reshape(in.apply(x), to)));
    }

    @ParameterizedTest(name = "{0} by {1} {2}")
    @MethodSource("permutations")
    void permute(Shape shape, int[] axes, DType dtype) {
        assumeDType(dtype);
        Twin x = input(shape, dtype, Op.PERMUTE, shape, axes, dtype);
        Expect.exact(context().compute((ops, in) -> ops.permute(in.apply(x), axes)));
    }

    @ParameterizedTest(name = "{0} to {1} {2}")
    @MethodSource("broadcasts")
    void broadcastTo(Shape from, Shape to, DType dtype) {
        assumeDType(dtype);
        Twin x = input(from, dtype, Op.BROADCAST_TO, from, to, dtype);
        Expect.exact(context().compute((ops, in) -> ops.broadcastTo(in.apply(x), to)));
    }

    @ParameterizedTest(name = "axis {0} {1}")
    @MethodSource("concatAxes")
    void concatThreePartsOneEmpty(int axis, DType dtype) {
        assumeDType(dtype);
        Shape base = Shape.of(2, 3, 4);
        List<Twin> parts = new ArrayList<>();
        for (int size : new int[] {2, 0, 3}) {
            parts.add(input(base.withDim(axis, size), dtype, Op.CONCAT, axis, size, dtype));
        }
        Expect.exact(
                context().compute((ops, in) -> ops.concat(parts.stream().map(in).toList(), axis)));
        Expect.exact(
                context().compute((ops, in) -> ops.concat(List.of(in.apply(parts.get(0))), axis)));
    }

    @ParameterizedTest(name = "axis {0} [{1}, {2}) {3}")
    @MethodSource("slices")
    void slice(int axis, int start, int end, DType dtype) {
        assumeDType(dtype);
        Shape shape = Shape.of(2, 3, 5);
        Twin x = input(shape, dtype, Op.SLICE, axis, start, end, dtype);
        Expect.exact(context().compute((ops, in) -> ops.slice(in.apply(x), axis, start, end)));
    }

    @ParameterizedTest(name = "{0} at {1} {2}")
    @MethodSource("takes")
    void take(Shape shape, int[] indices, DType dtype) {
        assumeDType(dtype);
        Twin x = input(shape, dtype, Op.TAKE, shape, indices, dtype);
        Expect.exact(context().compute((ops, in) -> ops.take(in.apply(x), indices)));
    }

    @ParameterizedTest(name = "{0} to both dtypes")
    @EnumSource(DType.class)
    void cast(DType from) {
        assumeDType(DType.FLOAT64);
        Twin x =
                context()
                        .random(SuiteContext.rng(Op.CAST, from), Domain.WIDE, Shape.of(3, 4), from);
        for (DType to : DType.values()) {
            Twin y = context().compute((ops, in) -> ops.cast(in.apply(x), to));
            Expect.exact(y);
        }
        Expect.exact(
                new Twin(
                        castTwice(backend(), x.tested(), from),
                        castTwice(reference(), x.reference(), from)));
    }

    private static Tensor castTwice(TensorOps ops, Tensor x, DType from) {
        DType other = from == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        return ops.cast(ops.cast(x, other), from);
    }
}
