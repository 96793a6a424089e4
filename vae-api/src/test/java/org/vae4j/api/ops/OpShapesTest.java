package org.vae4j.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vae4j.api.ops.ShapeOnlyTensor.f32;
import static org.vae4j.api.ops.ShapeOnlyTensor.f64;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.api.tensor.Shape;

class OpShapesTest {

    @Test
    void broadcastsLikeNumPy() {
        assertThat(OpShapes.broadcast(Op.ADD, Shape.of(3, 1), Shape.of(1, 4)))
                .isEqualTo(Shape.of(3, 4));
        assertThat(OpShapes.broadcast(Op.ADD, Shape.of(2, 3, 4), Shape.of(4)))
                .isEqualTo(Shape.of(2, 3, 4));
        assertThat(OpShapes.broadcast(Op.ADD, Shape.scalar(), Shape.of(2, 3)))
                .isEqualTo(Shape.of(2, 3));
        assertThat(OpShapes.broadcast(Op.ADD, Shape.of(0, 3), Shape.of(1, 3)))
                .isEqualTo(Shape.of(0, 3));
        assertThat(OpShapes.broadcast(Op.ADD, Shape.of(2, 1, 4), Shape.of(3, 1)))
                .isEqualTo(Shape.of(2, 3, 4));
    }

    @Test
    void broadcastFailureNamesBothShapesAndTheAxis() {
        assertThatThrownBy(() -> OpShapes.binary(Op.MUL, f32(2, 3), f32(4, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "MUL: cannot broadcast shapes [2, 3] and [4, 3] (axis -2 has sizes 2 and"
                                + " 4; sizes must match or one must be 1)");
        assertThatThrownBy(() -> OpShapes.broadcast(Op.ADD, Shape.of(0), Shape.of(2)))
                .hasMessageContaining("[0] and [2]");
    }

    @Test
    void mixedDTypesAreRefusedWithBoth() {
        assertThatThrownBy(() -> OpShapes.binary(Op.ADD, f32(2), f64(2)))
                .hasMessageContaining("float32 [2] vs float64 [2]")
                .hasMessageContaining("cast");
    }

    @Test
    void wrongKindIsRefused() {
        assertThatThrownBy(() -> OpShapes.binary(Op.EXP, f32(2), f32(2)))
                .hasMessageContaining("EXP is a UNARY op, not BINARY");
    }

    @Test
    void whereBroadcastsAllThree() {
        assertThat(OpShapes.where(f32(3, 1), f32(1, 4), f32(4))).isEqualTo(Shape.of(3, 4));
    }

    @Test
    void broadcastToAcceptsOnlyExpansions() {
        assertThat(OpShapes.broadcastTo(Shape.of(3, 1), Shape.of(2, 3, 4)))
                .isEqualTo(Shape.of(2, 3, 4));
        assertThatThrownBy(() -> OpShapes.broadcastTo(Shape.of(3), Shape.of(4)))
                .hasMessageContaining("cannot broadcast shape [3] to [4]");
        assertThatThrownBy(() -> OpShapes.broadcastTo(Shape.of(1, 1, 3), Shape.of(1, 3)))
                .hasMessageContaining("rank");
    }

    @Test
    void reductionAxesAreNormalisedSortedAndChecked() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(OpShapes.reductionAxes(Op.SUM, s, new int[] {-1, 0})).containsExactly(0, 2);
        assertThat(OpShapes.reduced(s, new int[] {0, 2}, false)).isEqualTo(Shape.of(3));
        assertThat(OpShapes.reduced(s, new int[] {0, 2}, true)).isEqualTo(Shape.of(1, 3, 1));
        assertThat(OpShapes.reduced(s, new int[0], false)).isEqualTo(s);
        assertThat(OpShapes.reduced(s, new int[] {0, 1, 2}, false)).isEqualTo(Shape.scalar());
        assertThatThrownBy(() -> OpShapes.reductionAxes(Op.SUM, s, new int[] {1, -2}))
                .hasMessageContaining("axis 1 is named twice");
        assertThatThrownBy(() -> OpShapes.reductionAxes(Op.MAX, Shape.of(2, 0), new int[] {1}))
                .hasMessageContaining("empty");
        assertThat(OpShapes.reductionAxes(Op.SUM, Shape.of(2, 0), new int[] {1}))
                .containsExactly(1);
    }

    @Test
    void matmulHonoursTransposeFlags() {
        assertThat(OpShapes.matmul(f32(128, 784), f32(400, 784), false, true))
                .isEqualTo(Shape.of(128, 400));
        assertThat(OpShapes.matmul(f32(128, 400), f32(128, 784), true, false))
                .isEqualTo(Shape.of(400, 784));
        assertThatThrownBy(() -> OpShapes.matmul(f32(2, 3), f32(4, 5), false, false))
                .hasMessageContaining("[2, 3] and [4, 5]")
                .hasMessageContaining("3 vs 4");
        assertThatThrownBy(() -> OpShapes.matmul(f32(2, 3, 4), f32(4, 5), false, false))
                .hasMessageContaining("rank-2");
    }

    @Test
    void linearChecksTheBias() {
        assertThat(OpShapes.linear(f32(8, 5), f32(3, 5), f32(3))).isEqualTo(Shape.of(8, 3));
        assertThatThrownBy(() -> OpShapes.linear(f32(8, 5), f32(3, 5), f32(5)))
                .hasMessageContaining("expected [3]");
    }

    @Test
    void movementRules() {
        assertThat(OpShapes.reshape(Shape.of(2, 6), Shape.of(3, 4))).isEqualTo(Shape.of(3, 4));
        assertThatThrownBy(() -> OpShapes.reshape(Shape.of(2, 6), Shape.of(5)))
                .hasMessageContaining("[2, 6] (12 elements) to [5] (5 elements)");
        assertThat(OpShapes.permute(Shape.of(2, 3, 4), new int[] {2, 0, 1}))
                .isEqualTo(Shape.of(4, 2, 3));
        assertThatThrownBy(() -> OpShapes.permute(Shape.of(2, 3), new int[] {0, 0}))
                .hasMessageContaining("not a permutation");
        assertThat(OpShapes.concat(List.of(f32(2, 3), f32(2, 0), f32(2, 1)), -1))
                .isEqualTo(Shape.of(2, 4));
        assertThatThrownBy(() -> OpShapes.concat(List.of(f32(2, 3), f32(3, 3)), 1))
                .hasMessageContaining("[2, 3] and [3, 3]");
        assertThatThrownBy(() -> OpShapes.concat(List.of(f32(2), f64(2)), 0))
                .hasMessageContaining("dtypes differ");
        assertThat(OpShapes.slice(Shape.of(4, 5), -1, 5, 5)).isEqualTo(Shape.of(4, 0));
        assertThatThrownBy(() -> OpShapes.slice(Shape.of(4, 5), 0, 2, 5))
                .hasMessageContaining("need 0 <= start <= end <= 4");
        assertThat(OpShapes.take(Shape.of(5, 2), new int[] {4, 4, 0})).isEqualTo(Shape.of(3, 2));
        assertThatThrownBy(() -> OpShapes.take(Shape.of(5, 2), new int[] {5}))
                .hasMessageContaining("index 5");
    }

    @Test
    void dataMustFillTheShape() {
        assertThatThrownBy(() -> OpShapes.dataLength(5, Shape.of(2, 3)))
                .hasMessage("Data of length 5 does not fill shape [2, 3], which holds 6 elements");
    }
}
