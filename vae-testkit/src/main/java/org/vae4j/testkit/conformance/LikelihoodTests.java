package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.ops.CompositeOps;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.TensorOps;
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
 * The fused Bernoulli log-likelihood against the reference's composite of primitive ops: x of the
 * logits' shape, x repeated over leading axes (the importance-sampled bound's layout) or broadcast
 * along a size-1 axis, 0/1 and grey values, a last axis of 1,200 (longer than any one block a
 * kernel may work in), no rows, and logits far past where exp overflows; and a row's value not
 * finite wherever one of its logits is not.
 */
public abstract class LikelihoodTests extends ScopedGroup {
    private static final double[] EXTREMES = {-1e4, -800, -100, -89, -1e-30, 0, 89, 100, 800, 1e4};

    static Stream<Arguments> layouts() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean binary : new boolean[] {true, false}) {
            cases.add(Arguments.of(Shape.of(4, 7), Shape.of(4, 7), binary));
            cases.add(Arguments.of(Shape.of(6, 2, 5), Shape.of(2, 5), binary));
            cases.add(Arguments.of(Shape.of(9), Shape.of(9), binary));
            cases.add(Arguments.of(Shape.of(3, 1200), Shape.of(1200), binary));
            cases.add(Arguments.of(Shape.of(3, 4), Shape.of(1, 4), binary));
            cases.add(Arguments.of(Shape.of(0, 5), Shape.of(5), binary));
        }
        return Cases.withDTypes(cases);
    }

    @ParameterizedTest(name = "logits {0}, x {1}, binary={2} {3}")
    @MethodSource("layouts")
    void matchesTheComposite(Shape logitsShape, Shape xShape, boolean binary, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng("bernoulli", logitsShape, xShape, binary, dtype);
        Twin logits = context().random(rng, Domain.WIDE, logitsShape, dtype);
        double[] xs = rng.uniforms(xShape.sizeAsInt());
        for (int i = 0; binary && i < xs.length; i++) {
            xs[i] = Math.rint(xs[i]);
        }
        check(logits, context().twin(xs, xShape, dtype), logitsShape);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void saturatedLogitsGiveTheExactTerms(DType dtype) {
        assumeDType(dtype);
        Shape shape = Shape.of(2, EXTREMES.length);
        double[] l = new double[2 * EXTREMES.length];
        double[] x = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = EXTREMES[i % EXTREMES.length];
            x[i] = i < EXTREMES.length ? 1 : 0;
        }
        check(context().twin(l, shape, dtype), context().twin(x, shape, dtype), shape);
    }

    /**
     * A row with a NaN or infinite logit has a log-likelihood that is not finite, whatever x is
     * there (0, 1 or grey): distributions check their logits through it. The other rows stay
     * finite.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void aLogitThatIsNotFiniteMakesItsRowNotFinite(DType dtype) {
        assumeDType(dtype);
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] xs = {0, 1, 0.5};
        int d = 3;
        int rows = bad.length * xs.length + 1;
        double[] l = new double[rows * d];
        double[] x = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                l[r * d + j] = 0.25 * (j + 1) - r * 0.1;
                x[r * d + j] = xs[(r + j) % xs.length];
            }
            if (r + 1 < rows) {
                l[r * d + 1] = bad[r / xs.length];
                x[r * d + 1] = xs[r % xs.length];
            }
        }
        Shape shape = Shape.of(rows, d);
        Tensor logits = context().twin(l, shape, dtype).tested();
        Tensor xt = context().twin(x, shape, dtype).tested();
        double[] values = backend().bernoulliLogLikelihood(logits, xt).toDoubles();
        for (int r = 0; r + 1 < rows; r++) {
            assertThat(Double.isFinite(values[r]))
                    .as("row %d: logit %s, x %s", r, bad[r / xs.length], xs[r % xs.length])
                    .isFalse();
        }
        assertThat(values[rows - 1]).isFinite();
    }

    private void check(Twin logits, Twin x, Shape logitsShape) {
        DType dtype = logits.tested().dtype();
        Tensor tested = backend().bernoulliLogLikelihood(logits.tested(), x.tested());
        TensorOps ref = reference();
        Tensor expected =
                CompositeOps.bernoulliLogLikelihood(ref, logits.reference(), x.reference());
        Tensor magnitudes =
                ref.binary(
                        Op.ADD,
                        ref.unary(Op.ABS, ref.binary(Op.MUL, x.reference(), logits.reference())),
                        ref.unary(Op.SOFTPLUS, logits.reference()));
        Tensor scale = ref.reduce(Op.SUM, magnitudes, new int[] {logitsShape.rank() - 1}, false);
        Expect.matches(new Twin(tested, expected), Tolerance.accumulated(dtype), scale);
    }
}
