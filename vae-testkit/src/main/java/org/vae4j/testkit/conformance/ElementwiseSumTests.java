package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.ops.CompositeOps;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.OpShapes;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.testkit.fixtures.Domain;
import org.vae4j.testkit.fixtures.Expect;
import org.vae4j.testkit.fixtures.SuiteContext;
import org.vae4j.testkit.fixtures.Tolerance;
import org.vae4j.testkit.fixtures.Twin;

/**
 * Sums of elementwise expressions ({@code TensorOps.elementwiseSum}): the reference's values and
 * the backend's own expression-then-sum within a sum's tolerance, over rows (a likelihood's last
 * axis), columns (a bias gradient's batch), batch norm's axes around its channels, everything, no
 * axes, negative axes, with and without keepDims, inputs broadcast, runs longer than a chunk a
 * kernel may work in, a result that is an input or a constant, and nothing to sum.
 */
public abstract class ElementwiseSumTests extends ScopedGroup {

    /** An expression, its inputs' shapes and the axes to sum over. */
    record Case(String label, Elementwise e, List<Shape> shapes, int[] axes) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static Case of(
            String label,
            List<Shape> shapes,
            int[] axes,
            Function<Elementwise.Builder, Term> body) {
        Elementwise.Builder b = Elementwise.builder(shapes.size());
        return new Case(label, b.build(body.apply(b)), shapes, axes);
    }

    /** -1/2 ((x - mu)^2 exp(-lv) + lv): a Gaussian's log-density but for its constant. */
    private static Term gaussian(Elementwise.Builder b) {
        Term lv = b.input(2);
        return b.input(0).sub(b.input(1)).square().mul(lv.neg().exp()).add(lv).mul(-0.5);
    }

    static Stream<Arguments> cases() {
        List<Shape> likelihood = List.of(Shape.of(5, 2, 300), Shape.of(2, 300), Shape.of(2, 300));
        List<Case> cases = new ArrayList<>();
        cases.add(of("gaussian over the last axis", likelihood, new int[] {-1}, b -> gaussian(b)));
        cases.add(of("gaussian over the samples", likelihood, new int[] {0}, b -> gaussian(b)));
        cases.add(
                of("gaussian over everything", likelihood, new int[] {0, 1, 2}, b -> gaussian(b)));
        cases.add(of("gaussian over no axes", likelihood, new int[] {}, b -> gaussian(b)));
        cases.add(
                of(
                        "batch norm's variance",
                        List.of(Shape.of(6, 4, 5, 7), Shape.of(1, 4, 1, 1)),
                        new int[] {0, 2, 3},
                        b -> b.input(0).sub(b.input(1)).square()));
        cases.add(
                of(
                        "a bias gradient through tanh",
                        List.of(Shape.of(50, 33), Shape.of(50, 33)),
                        new int[] {0},
                        b -> b.input(0).mul(b.input(1).tanh().square().neg().add(1))));
        cases.add(
                of(
                        "rows longer than a chunk",
                        List.of(Shape.of(3, 2501), Shape.of(1)),
                        new int[] {1},
                        b -> b.input(0).sub(b.input(1)).sigmoid()));
        cases.add(
                of(
                        "columns longer than a chunk",
                        List.of(Shape.of(2501, 3), Shape.of(3)),
                        new int[] {0},
                        b -> b.input(0).mul(b.input(1)).softplus()));
        cases.add(
                of(
                        "the result is an input",
                        List.of(Shape.of(4, 3), Shape.of(3)),
                        new int[] {1},
                        b -> b.input(0)));
        cases.add(
                of(
                        "the result is a constant",
                        List.of(Shape.of(2, 3)),
                        new int[] {0},
                        b -> b.constant(2.5)));
        cases.add(
                of(
                        "nothing to sum",
                        List.of(Shape.of(0, 3), Shape.of(3)),
                        new int[] {0},
                        b -> b.input(0).mul(b.input(1)).exp()));
        List<Arguments> withKeep = new ArrayList<>();
        for (Case c : cases) {
            for (boolean keepDims : new boolean[] {false, true}) {
                withKeep.add(Arguments.of(c, keepDims));
            }
        }
        return Cases.withDTypes(withKeep);
    }

    @ParameterizedTest(name = "{0} keepDims={1} {2}")
    @MethodSource("cases")
    void matchesTheExpressionSummedAndTheReference(Case c, boolean keepDims, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng("elementwiseSum", c.label(), keepDims, dtype);
        List<Twin> in = new ArrayList<>();
        for (Shape shape : c.shapes()) {
            in.add(context().random(rng, Domain.GENERAL, shape, dtype));
        }
        Tensor[] tested = in.stream().map(Twin::tested).toArray(Tensor[]::new);
        Tensor[] reference = in.stream().map(Twin::reference).toArray(Tensor[]::new);
        Tensor sum = backend().elementwiseSum(c.e(), c.axes(), keepDims, tested);
        Shape full = OpShapes.elementwise(c.e(), tested);
        Shape expected =
                OpShapes.reduced(full, OpShapes.reductionAxes(Op.SUM, full, c.axes()), keepDims);
        assertThat(sum.shape()).isEqualTo(expected);
        assertThat(sum.dtype()).isEqualTo(dtype);
        Tensor magnitude = reference().unary(Op.ABS, reference().elementwise(c.e(), reference));
        Tensor scale = reference().reduce(Op.SUM, magnitude, c.axes(), keepDims);
        Tolerance tolerance = Tolerance.accumulated(dtype);
        Expect.matches(
                new Twin(sum, reference().elementwiseSum(c.e(), c.axes(), keepDims, reference)),
                tolerance,
                scale);
        double[] summed =
                CompositeOps.elementwiseSum(backend(), c.e(), c.axes(), keepDims, tested)
                        .toDoubles();
        Expect.matches(
                new Twin(sum, SuiteContext.tensor(reference(), summed, expected, dtype)),
                tolerance,
                scale);
        for (Tensor t : tested) {
            assertThat(sum).isNotSameAs(t);
        }
    }

    @Test
    void namesTheMistakeInItsMessage() {
        Elementwise.Builder b = Elementwise.builder(2);
        Elementwise e = b.build(b.input(0).add(b.input(1)));
        Tensor x = backend().fromFloats(new float[] {1, 2}, Shape.of(2));
        Tensor y = backend().fromFloats(new float[] {1, 2, 3}, Shape.of(3));
        assertThatThrownBy(() -> backend().elementwiseSum(e, new int[] {0}, false, x, y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2]")
                .hasMessageContaining("[3]");
        assertThatThrownBy(() -> backend().elementwiseSum(e, new int[] {1}, false, x, x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("axis");
    }
}
