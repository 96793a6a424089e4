package org.vae4j.backend.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The oracle checked against numbers worked out by hand, so that the reference is validated by
 * something other than itself.
 */
class ReferenceBackendTest {
    private final ReferenceBackend ref = ReferenceBackend.create();

    @AfterEach
    void close() {
        ref.close();
    }

    private Tensor f64(Shape shape, double... values) {
        return ref.fromDoubles(values, shape);
    }

    @Test
    void broadcastAddOfARowAndAColumn() {
        Tensor column = f64(Shape.of(2, 1), 10, 20);
        Tensor row = f64(Shape.of(3), 1, 2, 3);
        Tensor sum = ref.binary(Op.ADD, column, row);
        assertThat(sum.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(sum.toDoubles()).containsExactly(11, 12, 13, 21, 22, 23);
    }

    @Test
    void keepDimsSumAndMaxOverSeveralAxes() {
        Tensor x = f64(Shape.of(2, 2, 3), 1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6);
        Tensor rows = ref.reduce(Op.SUM, x, new int[] {-1}, true);
        assertThat(rows.shape()).isEqualTo(Shape.of(2, 2, 1));
        assertThat(rows.toDoubles()).containsExactly(6, 15, -6, -15);
        Tensor outer = ref.reduce(Op.SUM, x, new int[] {0, 2}, false);
        assertThat(outer.toDoubles()).containsExactly(0, 0);
        Tensor max = ref.reduce(Op.MAX, ref.slice(x, 0, 1, 2), new int[] {1, 2}, false);
        assertThat(max.shape()).isEqualTo(Shape.of(1));
        assertThat(max.toDoubles()).containsExactly(-1);
        assertThat(
                        ref.reduce(
                                        Op.SUM,
                                        ref.zeros(Shape.of(0, 2), DType.FLOAT64),
                                        new int[] {0},
                                        false)
                                .toDoubles())
                .containsExactly(0, 0);
    }

    @Test
    void transposedMatmul() {
        Tensor a = f64(Shape.of(3, 2), 1, 4, 2, 5, 3, 6); // the transpose of [[1, 2, 3], [4, 5, 6]]
        Tensor b =
                f64(
                        Shape.of(2, 3),
                        7,
                        9,
                        11,
                        8,
                        10,
                        12); // the transpose of [[7, 8], [9, 10], [11, 12]]
        Tensor product = ref.matmul(a, b, true, true);
        assertThat(product.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(product.toDoubles()).containsExactly(58, 64, 139, 154);
        assertThat(
                        ref.matmul(
                                        ref.zeros(Shape.of(2, 0), DType.FLOAT64),
                                        ref.zeros(Shape.of(0, 3), DType.FLOAT64),
                                        false,
                                        false)
                                .toDoubles())
                .containsExactly(0, 0, 0, 0, 0, 0);
    }

    @Test
    void stableFunctionsAtExtremes() {
        Tensor x = f64(Shape.of(3), -1000, 0, 1000);
        assertThat(ref.unary(Op.SIGMOID, x).toDoubles()).containsExactly(0, 0.5, 1);
        assertThat(ref.unary(Op.SOFTPLUS, x).toDoubles()).containsExactly(0, Math.log(2), 1000);
        Tensor p = ref.binary(Op.POW, f64(Shape.of(2), -2, -2), f64(Shape.of(2), 3, 0.5));
        assertThat(p.toDoubles()[0]).isEqualTo(-8);
        assertThat(p.toDoubles()[1]).isNaN();
    }

    @Test
    void greaterAndWhere() {
        Tensor a = f64(Shape.of(3), 1, 2, 3);
        Tensor b = f64(Shape.of(3), 2, 2, 2);
        assertThat(ref.binary(Op.GREATER, a, b).toDoubles()).containsExactly(0, 0, 1);
        Tensor condition = f64(Shape.of(3, 1), -1, 0, 0.5);
        Tensor picked = ref.where(condition, a, ref.scalar(9, DType.FLOAT64));
        assertThat(picked.shape()).isEqualTo(Shape.of(3, 3));
        assertThat(picked.toDoubles()).containsExactly(1, 2, 3, 9, 9, 9, 1, 2, 3);
    }

    @Test
    void movement() {
        Tensor x = f64(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        assertThat(ref.permute(x, 1, 0).toDoubles()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(ref.slice(x, -1, 1, 3).toDoubles()).containsExactly(2, 3, 5, 6);
        assertThat(ref.take(x, new int[] {1, 1, 0}).toDoubles())
                .containsExactly(4, 5, 6, 4, 5, 6, 1, 2, 3);
        Tensor joined =
                ref.concat(
                        List.of(
                                x,
                                ref.zeros(Shape.of(2, 0), DType.FLOAT64),
                                f64(Shape.of(2, 1), 7, 8)),
                        1);
        assertThat(joined.toDoubles()).containsExactly(1, 2, 3, 7, 4, 5, 6, 8);
        assertThat(ref.broadcastTo(f64(Shape.of(2, 1), 1, 2), Shape.of(2, 2, 2)).toDoubles())
                .containsExactly(1, 1, 2, 2, 1, 1, 2, 2);
        Tensor cube = ref.reshape(f64(Shape.of(8), 0, 1, 2, 3, 4, 5, 6, 7), Shape.of(2, 2, 2));
        assertThat(ref.permute(cube, 2, 0, 1).toDoubles()).containsExactly(0, 2, 4, 6, 1, 3, 5, 7);
    }

    @Test
    void float32ValuesAreRoundedAfterEveryOp() {
        Tensor third =
                ref.binary(Op.DIV, ref.scalar(1, DType.FLOAT32), ref.scalar(3, DType.FLOAT32));
        assertThat(third.item()).isEqualTo((double) (1.0f / 3));
        assertThat(ref.cast(ref.scalar(0.1, DType.FLOAT64), DType.FLOAT32).item())
                .isEqualTo((double) 0.1f);
    }

    @Test
    void assignOverwritesOnlyTheTarget() {
        Tensor target = f64(Shape.of(2), 1, 2);
        Tensor copy = ref.reshape(target, Shape.of(2));
        ref.assign(target, f64(Shape.of(2), 5, 6));
        assertThat(target.toDoubles()).containsExactly(5, 6);
        assertThat(copy.toDoubles()).containsExactly(1, 2);
    }

    @Test
    void nativeBytesCountLiveStorage() {
        long before = ref.memory().nativeBytes();
        Tensor x = ref.zeros(Shape.of(10), DType.FLOAT32);
        Tensor y = ref.zeros(Shape.of(10), DType.FLOAT64);
        assertThat(ref.memory().nativeBytes()).isEqualTo(before + 40 + 80);
        x.close();
        y.close();
        assertThat(ref.memory().nativeBytes()).isEqualTo(before);
    }

    @Test
    void aRestrictedReferenceRefusesWhatItDoesNotDeclare() {
        try (ReferenceBackend plain = ReferenceBackend.create(Set.of())) {
            Tensor x = plain.zeros(Shape.of(2), DType.FLOAT32);
            assertThatThrownBy(x::toFloats).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> plain.scalar(1, DType.FLOAT64))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> plain.assign(x, x))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
        assertThatThrownBy(() -> ReferenceBackend.create(Set.of(Capability.CUDA)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
