package org.vae4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;

class HostArrayTest {
    private static final Backend B = ReferenceBackend.create();

    @AfterAll
    static void close() {
        B.close();
    }

    @Test
    void float32RoundTripsThroughABackend() {
        float[] values = {1.5f, -0.0f, Float.MIN_VALUE, 3.4e38f, 0.1f, -7f};
        try (Tensor t = B.fromFloats(values, Shape.of(2, 3))) {
            HostArray a = HostArray.fromTensor(t);
            assertThat(a.dtype()).isEqualTo(DType.FLOAT32);
            assertThat(a.shape()).isEqualTo(Shape.of(2, 3));
            assertThat(a.data()).hasSize(24);
            assertThat(a.toFloats()).containsExactly(values);
            try (Tensor back = a.toTensor(B)) {
                assertThat(back.dtype()).isEqualTo(DType.FLOAT32);
                assertThat(back.shape()).isEqualTo(Shape.of(2, 3));
                assertThat(back.toFloats()).containsExactly(values);
            }
        }
    }

    @Test
    void float64RoundTripsThroughABackendIncludingScalars() {
        double[] values = {0.1, -1e-300, Math.PI};
        try (Tensor t = B.fromDoubles(values, Shape.of(3));
                Tensor s = B.scalar(2.5, DType.FLOAT64)) {
            HostArray a = HostArray.fromTensor(t);
            assertThat(a.dtype()).isEqualTo(DType.FLOAT64);
            assertThat(a.toDoubles()).containsExactly(values);
            try (Tensor back = a.toTensor(B)) {
                assertThat(back.toDoubles()).containsExactly(values);
            }
            HostArray scalar = HostArray.fromTensor(s);
            assertThat(scalar.shape()).isEqualTo(Shape.scalar());
            try (Tensor back = scalar.toTensor(B)) {
                assertThat(back.item()).isEqualTo(2.5);
            }
        }
    }

    @Test
    void storesLittleEndianBytesAndComparesByContent() {
        HostArray a = HostArray.ofFloats(new float[] {1.0f}, Shape.of(1));
        assertThat(a.data()).containsExactly(0x00, 0x00, 0x80, 0x3f);
        assertThat(a).isEqualTo(HostArray.ofFloats(new float[] {1.0f}, Shape.of(1)));
        assertThat(a).hasSameHashCodeAs(HostArray.ofFloats(new float[] {1.0f}, Shape.of(1)));
        assertThat(a).isNotEqualTo(HostArray.ofFloats(new float[] {1.0f}, Shape.of(1, 1)));
        assertThat(a.toDoubles()).containsExactly(1.0);
        assertThat(HostArray.ofDoubles(new double[] {0.1}, Shape.of()).toFloats())
                .containsExactly(0.1f);
        assertThat(a).hasToString("HostArray[float32 [1]]");
    }

    @Test
    void rejectsDataThatDoesNotFillTheShape() {
        assertThatThrownBy(() -> HostArray.ofFloats(new float[5], Shape.of(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HostArray of float32 [2, 3] needs 24 bytes, but got 20");
        assertThatThrownBy(
                        () ->
                                new HostArray(
                                        DType.FLOAT64,
                                        Shape.of(1 << 30, 1 << 30, 1 << 30),
                                        new byte[0]))
                .hasMessageContaining("needs more than 2^63 bytes");
        assertThat(new HostArray(DType.FLOAT64, Shape.of(1 << 30, 1 << 30, 0), new byte[0]).data())
                .isEmpty();
    }
}
