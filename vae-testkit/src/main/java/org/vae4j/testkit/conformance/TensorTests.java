package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.Backend;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.testkit.fixtures.Expect;

/**
 * Tensor handles: reading values out, {@code item()}, idempotent close, refusal of any use after
 * close (of the tensor or of its backend), live-tensor counting, and ops that never hand back their
 * input even when nothing changes.
 */
public abstract class TensorTests extends ScopedGroup {

    static Stream<Arguments> usesOfAClosedTensor() {
        return Stream.of(
                use("toFloats", (b, t) -> t.toFloats()),
                use("toDoubles", (b, t) -> t.toDoubles()),
                use("unary", (b, t) -> b.unary(Op.EXP, t)),
                use(
                        "binary, first",
                        (b, t) -> b.binary(Op.ADD, t, b.zeros(Shape.of(2, 2), DType.FLOAT32))),
                use(
                        "binary, second",
                        (b, t) -> b.binary(Op.ADD, b.zeros(Shape.of(2, 2), DType.FLOAT32), t)),
                use("where", (b, t) -> b.where(t, t, t)),
                use("reduce", (b, t) -> b.reduce(Op.SUM, t, new int[] {0}, false)),
                use("matmul", (b, t) -> b.matmul(t, t, false, false)),
                use("reshape", (b, t) -> b.reshape(t, Shape.of(4))),
                use("permute", (b, t) -> b.permute(t, 1, 0)),
                use("broadcastTo", (b, t) -> b.broadcastTo(t, Shape.of(3, 2, 2))),
                use("concat", (b, t) -> b.concat(List.of(t, t), 0)),
                use("slice", (b, t) -> b.slice(t, 0, 0, 1)),
                use("take", (b, t) -> b.take(t, new int[] {0})),
                use("cast", (b, t) -> b.cast(t, DType.FLOAT32)),
                use("linear", (b, t) -> b.linear(t, t, null)),
                use("bernoulliLogLikelihood", (b, t) -> b.bernoulliLogLikelihood(t, t)));
    }

    private static Arguments use(String name, BiConsumer<Backend, Tensor> use) {
        return Arguments.of(Named.of(name, use));
    }

    @Test
    void valuesComeOutAsWrittenInRowMajorOrder() {
        float[] data = {1, -2.5f, 3, 0.125f, 5, 6};
        Tensor x = backend().fromFloats(data, Shape.of(2, 3));
        assertThat(x.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(x.rank()).isEqualTo(2);
        assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.backend()).isSameAs(backend());
        assertThat(x.device()).isEqualTo(context().device());
        Expect.assumeReadable(x);
        assertThat(x.toFloats()).containsExactly(data);
        assertThat(x.toDoubles()).containsExactly(1, -2.5, 3, 0.125, 5, 6);
    }

    @Test
    void itemReadsTheOnlyElement() {
        Expect.assumeReadable(backend().scalar(0, DType.FLOAT32));
        assertThat(backend().scalar(-1.5, DType.FLOAT32).item()).isEqualTo(-1.5);
        assertThat(backend().full(Shape.of(1, 1), 4, DType.FLOAT32).item()).isEqualTo(4);
        assertThatThrownBy(() -> backend().zeros(Shape.of(2), DType.FLOAT32).item())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2]");
        assertThatThrownBy(() -> backend().zeros(Shape.of(0), DType.FLOAT32).item())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreRefusedWithoutTheCapability() {
        assumeLacks(Capability.READ_VALUES);
        Tensor x = backend().zeros(Shape.of(2), DType.FLOAT32);
        assertThatThrownBy(x::toFloats).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(x::toDoubles).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void closingTwiceIsHarmless() {
        Tensor x = backend().zeros(Shape.of(2), DType.FLOAT32);
        assertThat(x.isClosed()).isFalse();
        x.close();
        x.close();
        assertThat(x.isClosed()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usesOfAClosedTensor")
    void aClosedTensorRefusesEveryUse(BiConsumer<Backend, Tensor> use) {
        Tensor x = backend().full(Shape.of(2, 2), 1, DType.FLOAT32);
        x.close();
        assertThatThrownBy(() -> use.accept(backend(), x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aClosedTensorCannotBeAssigned() {
        assumeCapability(Capability.TRAINING);
        Tensor x = backend().zeros(Shape.of(2), DType.FLOAT32);
        Tensor y = backend().zeros(Shape.of(2), DType.FLOAT32);
        y.close();
        assertThatThrownBy(() -> backend().assign(x, y))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> backend().assign(y, x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aClosedBackendRefusesOps() {
        Backend other = context().openAnother();
        Tensor x = other.zeros(Shape.of(2), DType.FLOAT32);
        other.close();
        assertThat(other.isClosed()).isTrue();
        assertThatThrownBy(() -> other.zeros(Shape.of(2), DType.FLOAT32))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> other.fromFloats(new float[] {1}, Shape.of(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> other.unary(Op.EXP, x)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(other::openScope).isInstanceOf(IllegalStateException.class);
        x.close();
        other.close();
        assertThat(x.isClosed()).isTrue();
    }

    @Test
    void liveTensorsCountCreationAndClose() {
        long before = backend().memory().liveTensors();
        Tensor x = backend().zeros(Shape.of(3), DType.FLOAT32);
        Tensor y = backend().unary(Op.EXP, x);
        assertThat(backend().memory().liveTensors()).isEqualTo(before + 2);
        y.close();
        x.close();
        x.close();
        assertThat(backend().memory().liveTensors()).isEqualTo(before);
    }

    @Test
    void opsThatChangeNothingStillReturnNewTensors() {
        Tensor x = backend().full(Shape.of(2, 3), 2, DType.FLOAT32);
        List<Function<Tensor, Tensor>> noOps =
                List.of(
                        t -> backend().reshape(t, Shape.of(2, 3)),
                        t -> backend().permute(t, 0, 1),
                        t -> backend().broadcastTo(t, Shape.of(2, 3)),
                        t -> backend().slice(t, 1, 0, 3),
                        t -> backend().cast(t, DType.FLOAT32),
                        t -> backend().concat(List.of(t), 0),
                        t -> backend().reduce(Op.MAX, t, new int[0], false));
        for (Function<Tensor, Tensor> noOp : noOps) {
            Tensor y = noOp.apply(x);
            assertThat(y).isNotSameAs(x);
            y.close();
            assertThat(x.isClosed()).isFalse();
            Expect.values(x, Shape.of(2, 3), 2, 2, 2, 2, 2, 2);
        }
    }
}
