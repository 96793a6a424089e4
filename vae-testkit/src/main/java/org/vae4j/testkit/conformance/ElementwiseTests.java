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
 * Elementwise expressions ({@code TensorOps.elementwise}): the same bits as the backend's own ops
 * one at a time, and the reference's values within the accumulated tolerance, for every elementwise
 * op, inputs broadcast against each other, results longer than any one chunk a kernel may work in
 * (odd lengths), ops over constants alone, a result that is an input or a constant, and no elements
 * at all.
 */
public abstract class ElementwiseTests extends ScopedGroup {

    /** An expression, its inputs' shapes and domains. */
    record Case(String label, Elementwise e, List<Shape> shapes, List<Domain> domains) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static Case of(
            String label,
            List<Shape> shapes,
            List<Domain> domains,
            Function<Elementwise.Builder, Term> body) {
        Elementwise.Builder b = Elementwise.builder(shapes.size());
        return new Case(label, b.build(body.apply(b)), shapes, domains);
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(
                of(
                        "gaussian log-density",
                        List.of(Shape.of(5, 2, 3), Shape.of(2, 3), Shape.of(2, 3)),
                        List.of(Domain.GENERAL, Domain.GENERAL, Domain.GENERAL),
                        b -> {
                            Term z = b.input(0);
                            Term lv = b.input(2);
                            return z.sub(b.input(1))
                                    .square()
                                    .mul(lv.neg().exp())
                                    .add(lv)
                                    .add(Math.log(2 * Math.PI))
                                    .mul(-0.5);
                        }));
        cases.add(
                of(
                        "every unary op, 2,501 elements",
                        List.of(Shape.of(2501)),
                        List.of(Domain.POSITIVE),
                        b -> {
                            Term x = b.input(0);
                            return x.sqrt()
                                    .log()
                                    .add(x.log1p())
                                    .add(x.sub(5).tanh())
                                    .add(x.sub(5).sigmoid())
                                    .add(x.sub(5).softplus())
                                    .add(x.neg().exp())
                                    .add(x.sub(5).abs())
                                    .add(x.sub(5).relu())
                                    .add(x.square());
                        }));
        cases.add(
                of(
                        "every binary op, [4, 1] with [3]",
                        List.of(Shape.of(4, 1), Shape.of(3)),
                        List.of(Domain.POSITIVE, Domain.POSITIVE),
                        b -> {
                            Term x = b.input(0);
                            Term y = b.input(1);
                            return x.div(y)
                                    .add(x.maximum(y))
                                    .add(x.greater(y))
                                    .add(x.mul(y))
                                    .add(x.pow(y.mul(0.25)))
                                    .sub(y.sub(x).relu());
                        }));
        cases.add(
                of(
                        "where, [3, 1, 1200] with [7, 1]",
                        List.of(Shape.of(3, 1, 1200), Shape.of(7, 1)),
                        List.of(Domain.SMALL_INTEGERS, Domain.GENERAL),
                        b -> {
                            Term x = b.input(0);
                            return b.where(x.greater(0), x, b.input(1).exp());
                        }));
        cases.add(
                of(
                        "the result is an input",
                        List.of(Shape.of(3), Shape.of(2, 3)),
                        List.of(Domain.GENERAL, Domain.GENERAL),
                        b -> b.input(0)));
        cases.add(
                of(
                        "ops over constants alone",
                        List.of(Shape.of(3, 4), Shape.of(4)),
                        List.of(Domain.GENERAL, Domain.GENERAL),
                        b ->
                                b.input(0)
                                        .mul(b.constant(0.5).log())
                                        .add(b.input(1).mul(b.constant(2).exp()))));
        cases.add(
                of(
                        "the result is a constant",
                        List.of(Shape.of(2, 3)),
                        List.of(Domain.GENERAL),
                        b -> b.constant(2.5)));
        cases.add(
                of(
                        "no elements",
                        List.of(Shape.of(0, 3), Shape.of(3)),
                        List.of(Domain.GENERAL, Domain.GENERAL),
                        b -> b.input(0).mul(b.input(1)).exp()));
        return Cases.withDTypes(cases.stream().map(Arguments::of).toList());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void givesTheOpsBitsOneAtATimeAndTheReferenceValues(Case c, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng("elementwise", c.label(), dtype);
        List<Twin> in = new ArrayList<>();
        for (int k = 0; k < c.shapes().size(); k++) {
            in.add(context().random(rng, c.domains().get(k), c.shapes().get(k), dtype));
        }
        Tensor[] tested = in.stream().map(Twin::tested).toArray(Tensor[]::new);
        Tensor fused = backend().elementwise(c.e(), tested);
        Tensor oneAtATime = CompositeOps.elementwise(backend(), c.e(), tested);
        assertThat(fused.shape()).isEqualTo(oneAtATime.shape());
        assertThat(fused.dtype()).isEqualTo(dtype);
        Expect.exact(new Twin(fused, oneAtATime));
        Tensor expected =
                reference()
                        .elementwise(
                                c.e(), in.stream().map(Twin::reference).toArray(Tensor[]::new));
        Expect.matches(new Twin(fused, expected), Tolerance.accumulated(dtype));
        for (Tensor t : tested) {
            assertThat(fused).isNotSameAs(t);
        }
    }

    @Test
    void closingTheResultLeavesTheInputsOpen() {
        Elementwise.Builder b = Elementwise.builder(1);
        Tensor x = backend().fromFloats(new float[] {1, 2, 3}, Shape.of(3));
        backend().elementwise(b.build(b.input(0)), x).close();
        assertThat(x.isClosed()).isFalse();
        assertThat(x.toFloats()).containsExactly(1, 2, 3);
    }

    @Test
    void namesTheMistakeInItsMessage() {
        Elementwise.Builder b = Elementwise.builder(2);
        Elementwise e = b.build(b.input(0).add(b.input(1)));
        Tensor x = backend().fromFloats(new float[] {1, 2}, Shape.of(2));
        assertThatThrownBy(() -> backend().elementwise(e, x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elementwise")
                .hasMessageContaining("takes 2 inputs, got 1");
        Tensor y = backend().fromFloats(new float[] {1, 2, 3}, Shape.of(3));
        assertThatThrownBy(() -> backend().elementwise(e, x, y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elementwise")
                .hasMessageContaining("[2]")
                .hasMessageContaining("[3]");
    }
}
