package org.vae4j.api.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void describesItsDimensions() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.rank()).isEqualTo(3);
        assertThat(s.size()).isEqualTo(24);
        assertThat(s.dim(-1)).isEqualTo(4);
        assertThat(s.dim(0)).isEqualTo(2);
        assertThat(s.strides()).containsExactly(12, 4, 1);
        assertThat(s.toLongArray()).containsExactly(2L, 3L, 4L);
        assertThat(s).hasToString("[2, 3, 4]");
    }

    @Test
    void scalarHasOneElementAndNoAxes() {
        assertThat(Shape.of()).isSameAs(Shape.scalar());
        assertThat(Shape.scalar().size()).isEqualTo(1);
        assertThat(Shape.scalar().rank()).isZero();
        assertThatThrownBy(() -> Shape.scalar().axis(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rank 0");
    }

    @Test
    void emptyDimensionsHoldNoElements() {
        assertThat(Shape.of(0, 5).size()).isZero();
    }

    @Test
    void isAValueType() {
        assertThat(Shape.of(2, 3)).isEqualTo(Shape.of(2, 3)).hasSameHashCodeAs(Shape.of(2, 3));
        assertThat(Shape.of(2, 3)).isNotEqualTo(Shape.of(3, 2));
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 9;
        s.dims()[1] = 9;
        assertThat(s).isEqualTo(Shape.of(2, 3));
    }

    @Test
    void rejectsNegativeSizesAndBadAxes() {
        assertThatThrownBy(() -> Shape.of(2, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, -1]")
                .hasMessageContaining("axis 1");
        assertThatThrownBy(() -> Shape.of(2, 3).axis(2))
                .hasMessageContaining("Axis 2 is out of range for shape [2, 3]");
        assertThatThrownBy(() -> Shape.of(2, 3).axis(-3)).hasMessageContaining("[-2, 2)");
    }

    @Test
    void replacesOneDimension() {
        assertThat(Shape.of(2, 3).withDim(-1, 7)).isEqualTo(Shape.of(2, 7));
    }

    @Test
    void refusesSizesBeyondAJavaArray() {
        assertThat(Shape.of(65536, 65536).size()).isEqualTo(1L << 32);
        assertThatThrownBy(() -> Shape.of(65536, 65536).sizeAsInt())
                .hasMessageContaining("4294967296 elements");
    }

    @Test
    void axesAreEveryAxisInOrder() {
        assertThat(Shape.of(2, 3, 4).axes()).containsExactly(0, 1, 2);
        assertThat(Shape.scalar().axes()).isEmpty();
    }
}
