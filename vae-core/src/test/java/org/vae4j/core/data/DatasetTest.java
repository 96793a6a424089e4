package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;

class DatasetTest {
    private static final Backend B = ReferenceBackend.create();

    @AfterAll
    static void close() {
        B.close();
    }

    /** Three rows of two features: {0, 255}, {51, 102}, {153, 204}, labelled 7, 8, 9. */
    private static Dataset bytes() {
        byte[] px = {0, (byte) 255, 51, 102, (byte) 153, (byte) 204};
        return Dataset.ofUnsignedBytes(px, 3, 2, new int[] {7, 8, 9});
    }

    @Test
    void unsignedBytesAreScaledToUnitInterval() {
        Dataset d = bytes();
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.featureCount()).isEqualTo(2);
        assertThat(d.gather(new int[] {2, 0})).containsExactly(0.6f, 0.8f, 0f, 1f);
        assertThat(d.value(1, 1)).isEqualTo(0.4f);
        assertThat(d.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(7, 8, 9));
    }

    @Test
    void factoriesCopyTheirArrays() {
        float[] x = {1, 2, 3, 4};
        int[] labels = {0, 1};
        Dataset d = Dataset.ofFloats(x, 2, 2, labels);
        x[0] = 99;
        labels[0] = 99;
        d.labels().get()[1] = 99;
        assertThat(d.gather(new int[] {0, 1})).containsExactly(1, 2, 3, 4);
        assertThat(d.labels()).hasValueSatisfying(l -> assertThat(l).containsExactly(0, 1));
        assertThat(Dataset.ofFloats(x, 2, 2, null).labels()).isEmpty();
    }

    @Test
    void batchOnTheReferenceBackend() {
        Dataset d = bytes();
        try (Tensor t = d.batch(B, new int[] {1, 2}, DType.FLOAT32)) {
            assertThat(t.shape()).isEqualTo(Shape.of(2, 2));
            assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
            assertThat(t.toFloats()).containsExactly(0.2f, 0.4f, 0.6f, 0.8f);
        }
        try (Tensor t = d.batch(B, new int[] {1}, DType.FLOAT64)) {
            assertThat(t.dtype()).isEqualTo(DType.FLOAT64);
            assertThat(t.toDoubles()).containsExactly(51 / 255.0, 102 / 255.0);
        }
        try (Tensor t =
                Dataset.ofFloats(new float[] {-1, 2}, 1, 2, null)
                        .batch(B, new int[] {0, 0}, DType.FLOAT64)) {
            assertThat(t.shape()).isEqualTo(Shape.of(2, 2));
            assertThat(t.toDoubles()).containsExactly(-1, 2, -1, 2);
        }
    }

    @Test
    void subsetsAndTakeKeepLabels() {
        Dataset d = bytes();
        Dataset s = d.subset(1, 3);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.gather(new int[] {0})).containsExactly(0.2f, 0.4f);
        assertThat(s.labels().get()).containsExactly(8, 9);
        assertThat(d.subset(new int[] {2, 2}).labels().get()).containsExactly(9, 9);
        assertThat(d.take(1).labels().get()).containsExactly(7);
        assertThat(d.take(10).size()).isEqualTo(3);
        assertThat(d.take(2).checksum()).isEqualTo(d.subset(0, 2).checksum());
    }

    @Test
    void checksumIsStableAndContentSensitive() {
        Dataset d = bytes();
        assertThat(d.checksum()).hasSize(64).matches("[0-9a-f]+").isEqualTo(bytes().checksum());
        // pinned, and recomputable by hand: SHA-256 of the int32s 8 (unsigned bytes), 3 rows,
        // 2 features, 1 (labelled), then the bytes, then the labels as big-endian int32s
        assertThat(d.checksum())
                .isEqualTo("879697ff4f119e42f07846a7d0c63a4092bf83b78e05fddbc29219d012ed223e")
                .isEqualTo(d.subset(0, 3).checksum());
        byte[] px = {0, (byte) 255, 51, 102, (byte) 153, (byte) 205};
        assertThat(Dataset.ofUnsignedBytes(px, 3, 2, new int[] {7, 8, 9}).checksum())
                .isNotEqualTo(d.checksum());
        assertThat(Dataset.ofUnsignedBytes(px, 3, 2, null).checksum())
                .isNotEqualTo(Dataset.ofUnsignedBytes(px, 3, 2, new int[] {7, 8, 9}).checksum());
        assertThat(Dataset.ofUnsignedBytes(px, 2, 3, null).checksum())
                .isNotEqualTo(Dataset.ofUnsignedBytes(px, 3, 2, null).checksum());
        assertThat(Dataset.ofFloats(new float[] {1, 2}, 1, 2, null).checksum())
                .isEqualTo(Dataset.ofFloats(new float[] {1, 2}, 1, 2, null).checksum())
                .isNotEqualTo(Dataset.ofFloats(new float[] {1, 3}, 1, 2, null).checksum());
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> Dataset.ofFloats(new float[5], 2, 3, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 6 values, but got 5");
        assertThatThrownBy(() -> Dataset.ofFloats(new float[6], 2, 3, new int[3]))
                .hasMessageContaining("needs 2 labels, but got 3");
        assertThatThrownBy(() -> Dataset.ofFloats(new float[0], 0, 0, null))
                .hasMessageContaining("features >= 1");
        assertThatThrownBy(() -> bytes().gather(new int[] {3}))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> bytes().subset(2, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> bytes().take(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
