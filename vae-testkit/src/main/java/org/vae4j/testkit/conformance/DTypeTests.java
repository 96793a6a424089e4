package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.testkit.fixtures.Expect;

/**
 * Element types: float32 storage rounds to float, float64 keeps double precision, casts round to
 * nearest and always copy, and a backend without {@link Capability#FLOAT64} refuses float64.
 */
public abstract class DTypeTests extends ScopedGroup {
    /** 1 + 2^-40: a float64 value that float32 cannot tell from 1. */
    private static final double JUST_ABOVE_ONE = 1 + 0x1p-40;

    @Test
    void float32StorageRoundsToFloat() {
        Expect.values(backend().full(Shape.of(2), 0.1, DType.FLOAT32), Shape.of(2), 0.1f, 0.1f);
        Expect.values(backend().scalar(1.0 / 3, DType.FLOAT32), Shape.scalar(), 1.0f / 3);
        Tensor x = backend().fromFloats(new float[] {0.1f, -2.5f, 1e-30f}, Shape.of(3));
        assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
        Expect.values(x, Shape.of(3), 0.1f, -2.5f, 1e-30f);
    }

    @Test
    void float64KeepsDoublePrecision() {
        assumeCapability(Capability.FLOAT64);
        Tensor one = backend().fromDoubles(new double[] {1}, Shape.of(1));
        Tensor tiny = backend().full(Shape.of(1), JUST_ABOVE_ONE - 1, DType.FLOAT64);
        assertThat(tiny.dtype()).isEqualTo(DType.FLOAT64);
        Expect.values(backend().binary(Op.ADD, one, tiny), Shape.of(1), JUST_ABOVE_ONE);
        Tensor x = backend().fromDoubles(new double[] {0.1, JUST_ABOVE_ONE}, Shape.of(2));
        Expect.values(x, Shape.of(2), 0.1, JUST_ABOVE_ONE);
    }

    @Test
    void castRoundsToNearestFloatAndWidensExactly() {
        assumeCapability(Capability.FLOAT64);
        double[] wide = {0.1, JUST_ABOVE_ONE, -1e-3, 1e30};
        Tensor narrow = backend().cast(backend().fromDoubles(wide, Shape.of(4)), DType.FLOAT32);
        assertThat(narrow.dtype()).isEqualTo(DType.FLOAT32);
        Expect.values(narrow, Shape.of(4), 0.1f, 1.0f, -1e-3f, 1e30f);
        Tensor widened =
                backend()
                        .cast(backend().fromFloats(new float[] {0.1f}, Shape.of(1)), DType.FLOAT64);
        assertThat(widened.dtype()).isEqualTo(DType.FLOAT64);
        Expect.values(widened, Shape.of(1), (double) 0.1f);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void castToTheSameDTypeCopies(DType dtype) {
        assumeDType(dtype);
        Tensor x = backend().full(Shape.of(2, 2), 1.5, dtype);
        Tensor copy = backend().cast(x, dtype);
        assertThat(copy).isNotSameAs(x);
        assertThat(copy.dtype()).isEqualTo(dtype);
        x.close();
        Expect.values(copy, Shape.of(2, 2), 1.5, 1.5, 1.5, 1.5);
    }

    @Test
    void float64IsRefusedWithoutTheCapability() {
        assumeLacks(Capability.FLOAT64);
        Tensor x = backend().zeros(Shape.of(2), DType.FLOAT32);
        assertThatThrownBy(() -> backend().fromDoubles(new double[] {1, 2}, Shape.of(2)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("float64");
        assertThatThrownBy(() -> backend().full(Shape.of(2), 1, DType.FLOAT64))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> backend().scalar(1, DType.FLOAT64))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> backend().cast(x, DType.FLOAT64))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
