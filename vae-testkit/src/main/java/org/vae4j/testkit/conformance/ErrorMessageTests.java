package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.Backend;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.Product;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * Bad arguments fail with {@link IllegalArgumentException} before any work, and the message names
 * what is wrong: both shapes, both dtypes, the bad axis or range.
 */
public abstract class ErrorMessageTests extends ScopedGroup {

    static Stream<Arguments> binaryOps() {
        return Cases.ops(Op.Kind.BINARY).stream().map(Arguments::of);
    }

    private Tensor f32(int... dims) {
        return backend().zeros(Shape.of(dims), DType.FLOAT32);
    }

    /** Expects the call to throw IllegalArgumentException whose message has each fragment. */
    private static void rejects(ThrowingCallable call, String... fragments) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        for (String f : fragments) {
            assertThat(thrown.getMessage()).as("message of %s", thrown).containsIgnoringCase(f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryOps")
    void binaryOpsNameBothShapesThatDoNotBroadcast(Op op) {
        rejects(() -> backend().binary(op, f32(2, 3), f32(4, 3)), "[2, 3]", "[4, 3]");
        rejects(() -> backend().binary(op, f32(0, 3), f32(2, 3)), "[0, 3]", "[2, 3]");
        rejects(() -> backend().binary(op, f32(3), f32(4)), "[3]", "[4]");
    }

    @Test
    void whereNamesTheShapesThatDoNotBroadcast() {
        rejects(() -> backend().where(f32(2), f32(3), f32(3)), "[2]", "[3]");
        rejects(() -> backend().where(f32(3), f32(2, 3), f32(4, 1)), "[2, 3]", "[4, 1]");
    }

    @Test
    void opsOfTheWrongKindAreRejected() {
        rejects(() -> backend().unary(Op.ADD, f32(2)), "ADD");
        rejects(() -> backend().binary(Op.EXP, f32(2), f32(2)), "EXP");
        rejects(() -> backend().reduce(Op.ADD, f32(2), new int[] {0}, false), "ADD");
    }

    @Test
    void matmulNamesBothShapes() {
        rejects(() -> backend().matmul(f32(2, 3), f32(4, 5), false, false), "[2, 3]", "[4, 5]");
        rejects(() -> backend().matmul(f32(2, 3), f32(2, 3), false, false), "[2, 3]");
        rejects(() -> backend().matmul(f32(2, 3), f32(3, 5), true, false), "[2, 3]", "[3, 5]");
        rejects(() -> backend().matmul(f32(2, 3, 4), f32(4, 5), false, false), "[2, 3, 4]");
        rejects(() -> backend().matmul(f32(3), f32(3), false, false), "[3]");
        rejects(
                () ->
                        backend()
                                .matmuls(
                                        List.of(
                                                new Product(f32(2, 3), f32(3, 4), false, false),
                                                new Product(f32(2, 3), f32(4, 5), false, false))),
                "[2, 3]",
                "[4, 5]");
    }

    @Test
    void linearNamesTheMismatch() {
        rejects(() -> backend().linear(f32(2, 3), f32(4, 5), null), "[2, 3]", "[4, 5]");
        rejects(() -> backend().linear(f32(2, 3), f32(4, 3), f32(3)), "[3]", "[4, 3]");
    }

    @Test
    void bernoulliLogLikelihoodNamesTheMismatch() {
        rejects(() -> backend().bernoulliLogLikelihood(f32(2, 3), f32(4)), "[4]", "[2, 3]");
        rejects(() -> backend().bernoulliLogLikelihood(f32(3), f32(2, 3)), "[2, 3]", "[3]");
        rejects(
                () -> backend().bernoulliLogLikelihood(backend().scalar(1, DType.FLOAT32), f32()),
                "scalar");
    }

    @Test
    void mixedDTypesNameBothDTypes() {
        assumeCapability(Capability.FLOAT64);
        Tensor single = f32(2);
        Tensor dbl = backend().zeros(Shape.of(2), DType.FLOAT64);
        rejects(() -> backend().binary(Op.ADD, single, dbl), "float32", "float64");
        rejects(() -> backend().where(single, dbl, single), "float32", "float64");
        rejects(
                () ->
                        backend()
                                .matmul(
                                        f32(2, 2),
                                        backend().zeros(Shape.of(2, 2), DType.FLOAT64),
                                        false,
                                        false),
                "float32",
                "float64");
        rejects(() -> backend().concat(List.of(single, dbl), 0), "float32", "float64");
    }

    @Test
    void movementNamesTheBadArgument() {
        rejects(() -> backend().reshape(f32(2, 3), Shape.of(4, 2)), "[2, 3]", "[4, 2]");
        rejects(() -> backend().reshape(f32(0, 3), Shape.of(1)), "[0, 3]", "[1]");
        rejects(() -> backend().permute(f32(2, 3, 4), 0, 0, 1), "[0, 0, 1]", "[2, 3, 4]");
        rejects(() -> backend().permute(f32(2, 3, 4), 0, 1), "[0, 1]");
        rejects(() -> backend().permute(f32(2, 3, 4), 0, 1, 3), "[0, 1, 3]");
        rejects(() -> backend().broadcastTo(f32(3), Shape.of(2, 4)), "[3]", "[2, 4]");
        rejects(() -> backend().broadcastTo(f32(2, 3), Shape.of(3)), "[2, 3]", "[3]");
        rejects(() -> backend().concat(List.of(f32(2, 3), f32(3, 4)), 0), "[2, 3]", "[3, 4]");
        rejects(() -> backend().concat(List.of(), 0));
        rejects(() -> backend().concat(List.of(f32()), 0), "rank-0");
    }

    @Test
    void outOfRangeSlicesTakesAndAxesAreRejected() {
        rejects(() -> backend().slice(f32(2, 3), 1, 2, 5), "[2, 5)", "[2, 3]");
        rejects(() -> backend().slice(f32(2, 3), -1, -1, 2), "[-1, 2)");
        rejects(() -> backend().slice(f32(2, 3), 0, 2, 1), "[2, 1)");
        rejects(() -> backend().slice(f32(2, 3), 2, 0, 1), "Axis 2", "[2, 3]");
        rejects(() -> backend().take(f32(2, 3), new int[] {0, 2}), "index 2", "[2, 3]");
        rejects(() -> backend().take(f32(2, 3), new int[] {-1}), "index -1");
        rejects(() -> backend().take(f32(), new int[] {0}), "[]");
        rejects(() -> backend().reduce(Op.SUM, f32(2, 3, 4), new int[] {3}, false), "Axis 3");
        rejects(() -> backend().reduce(Op.MAX, f32(2, 3, 4), new int[] {-4}, false), "Axis -4");
        rejects(() -> backend().reduce(Op.SUM, f32(), new int[] {0}, false), "Axis 0");
        rejects(() -> backend().concat(List.of(f32(2, 3)), 2), "Axis 2");
    }

    @Test
    void duplicateAxesAndMaxOverAnEmptyAxisAreRejected() {
        rejects(
                () -> backend().reduce(Op.SUM, f32(2, 3, 4), new int[] {1, -2}, false),
                "twice",
                "[2, 3, 4]");
        rejects(() -> backend().reduce(Op.MAX, f32(2, 3), new int[] {0, 0}, true), "twice");
        rejects(() -> backend().reduce(Op.MAX, f32(2, 0), new int[] {1}, false), "MAX", "[2, 0]");
        rejects(() -> backend().reduce(Op.MAX, f32(0), new int[] {0}, true), "MAX", "[0]");
    }

    @Test
    void dataThatDoesNotFillTheShapeIsRejected() {
        rejects(() -> backend().fromFloats(new float[5], Shape.of(2, 3)), "5", "[2, 3]");
        rejects(() -> backend().fromFloats(new float[1], Shape.of(0)), "1", "[0]");
        rejects(() -> backend().fromFloats(new float[0], Shape.scalar()), "0", "[]");
    }

    @Test
    void inPlaceOpsRejectMismatchedTensors() {
        assumeCapability(Capability.TRAINING);
        rejects(() -> backend().assign(f32(2, 3), f32(3, 2)), "[2, 3]", "[3, 2]");
        AdamStep step = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0, 1);
        Tensor p = f32(2);
        rejects(() -> backend().adamUpdate(p, f32(3), p, p, step), "[2]", "[3]");
    }

    @Test
    void tensorsOfAnotherBackendInstanceAreRejected() {
        try (Backend other = context().openAnother()) {
            Tensor foreign = other.zeros(Shape.of(2), DType.FLOAT32);
            Tensor own = f32(2);
            rejects(() -> backend().unary(Op.EXP, foreign));
            rejects(() -> backend().binary(Op.ADD, own, foreign));
            rejects(() -> backend().concat(List.of(own, foreign), 0));
            rejects(() -> backend().reshape(foreign, Shape.of(2)));
            Tensor reference = reference().zeros(Shape.of(2), DType.FLOAT32);
            rejects(() -> backend().binary(Op.ADD, own, reference));
            foreign.close();
        }
    }
}
