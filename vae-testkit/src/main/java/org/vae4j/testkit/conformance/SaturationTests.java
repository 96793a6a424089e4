package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.api.Capability;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.distributions.ContinuousBernoulli;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.Kl;
import org.vae4j.core.distributions.Laplace;
import org.vae4j.core.distributions.StandardNormal;

/**
 * vae-core's distributions at saturated parameters, in the backend's own arithmetic: log-variances,
 * log scales and logits from -1e4 to 1e4, past where {@code exp} overflows float32 (88.7) and
 * float64 (709.8). Log-densities, entropies, analytic KLs and reparameterised samples, and their
 * gradients with respect to every parameter, stay finite.
 */
public abstract class SaturationTests extends ScopedGroup {
    private static final double[] EXTREMES = {-1e4, -800, -100, -89, 89, 100, 800, 1e4};
    private static final Shape SHAPE = Shape.of(2, EXTREMES.length / 2);

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void gaussianTermsAndGradientsStayFiniteAtExtremeLogVariances(DType dtype) {
        assumeReadable(dtype);
        Variable mean = leaf(0.5, dtype, "mean");
        Variable logVar = Variable.leaf(tensor(EXTREMES, dtype), "logVar");
        DiagonalGaussian q = new DiagonalGaussian(mean, logVar);
        DiagonalGaussian p = new DiagonalGaussian(mean.neg(), logVar.neg());
        assertThat(q.logVar().value().toDoubles())
                .containsOnly(-DiagonalGaussian.LOG_VAR_LIMIT, DiagonalGaussian.LOG_VAR_LIMIT);
        Map<String, Variable> terms = common(q, mean.add(1));
        terms.put("KL(q, N(0, I))", Kl.divergence(q, new StandardNormal(backend(), dtype, 4)));
        terms.put("KL(q, p)", Kl.divergence(q, p));
        terms.put("KL(N(0, I), q)", Kl.divergence(new StandardNormal(backend(), dtype, 4), q));
        assertFinite(terms, mean, logVar);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void laplaceTermsAndGradientsStayFiniteAtExtremeLogScales(DType dtype) {
        assumeReadable(dtype);
        Variable loc = leaf(0.5, dtype, "loc");
        Variable logScale = Variable.leaf(tensor(EXTREMES, dtype), "logScale");
        Laplace q = new Laplace(loc, logScale);
        assertThat(q.logScale().value().toDoubles())
                .containsOnly(-Laplace.LOG_SCALE_LIMIT, Laplace.LOG_SCALE_LIMIT);
        Map<String, Variable> terms = common(q, loc.add(1));
        terms.put("KL(q, p)", Kl.divergence(q, new Laplace(loc.neg(), logScale.neg())));
        assertFinite(terms, loc, logScale);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void bernoulliTermsAndGradientsStayFiniteAtExtremeLogits(DType dtype) {
        assumeReadable(dtype);
        Variable logits = Variable.leaf(tensor(EXTREMES, dtype), "logits");
        Bernoulli q = Bernoulli.ofLogits(logits);
        Variable ones = Variable.constant(backend().full(SHAPE, 1, dtype));
        Map<String, Variable> terms = new LinkedHashMap<>();
        terms.put("logProb(1)", q.logProb(ones));
        terms.put("logProb(0)", q.logProb(ones.mul(0)));
        terms.put("entropy", q.entropy());
        terms.put("KL(q, p)", Kl.divergence(q, Bernoulli.ofLogits(logits.neg())));
        assertFinite(terms, logits);
        // log p(1) = -softplus(-l): 0 for the positive logits, their sum for the negative ones.
        assertThat(q.elementwise().logProb(ones).value().toDoubles())
                .containsExactly(-1e4, -800, -100, -89, 0, 0, 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void continuousBernoulliTermsAndGradientsStayFiniteAtExtremeLogits(DType dtype) {
        assumeReadable(dtype);
        Variable logits = Variable.leaf(tensor(EXTREMES, dtype), "logits");
        ContinuousBernoulli q = new ContinuousBernoulli(logits);
        Variable half = Variable.constant(backend().full(SHAPE, 0.5, dtype));
        Map<String, Variable> terms = new LinkedHashMap<>();
        terms.put("logProb", q.logProb(half));
        terms.put("entropy", q.entropy());
        terms.put("mean", q.mean());
        terms.put("KL(q, p)", Kl.divergence(q, new ContinuousBernoulli(logits.neg())));
        assertFinite(terms, logits);
        assertThat(list(q.sample(Shape.of(3), Rng.seeded(1))))
                .allSatisfy(x -> assertThat(x).isBetween(0.0, 1.0));
    }

    /** The log-density at {@code x}, the entropy and a reparameterised sample. */
    private static Map<String, Variable> common(Distribution d, Variable x) {
        Map<String, Variable> terms = new LinkedHashMap<>();
        terms.put("logProb", d.logProb(x));
        terms.put("entropy", d.entropy());
        terms.put("rsample", d.rsample(Shape.of(3), Rng.seeded(1)));
        return terms;
    }

    /** Each term, and each leaf's gradient of each term's sum, holds only finite values. */
    private static void assertFinite(Map<String, Variable> terms, Variable... leaves) {
        terms.forEach(
                (name, term) -> {
                    assertThat(list(term.value())).as(name).allMatch(Double::isFinite);
                    Gradients g = term.sumAll().backward();
                    for (Variable leaf : leaves) {
                        if (g.contains(leaf)) {
                            assertThat(list(g.get(leaf).value()))
                                    .as("gradient of %s with respect to %s", name, leaf)
                                    .allMatch(Double::isFinite);
                        }
                    }
                });
    }

    private static List<Double> list(Tensor t) {
        return DoubleStream.of(t.toDoubles()).boxed().toList();
    }

    private Variable leaf(double value, DType dtype, String name) {
        return Variable.leaf(backend().full(SHAPE, value, dtype), name);
    }

    private Tensor tensor(double[] values, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return backend().fromDoubles(values, SHAPE);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return backend().fromFloats(f, SHAPE);
    }

    private void assumeReadable(DType dtype) {
        assumeDType(dtype);
        assumeCapability(Capability.READ_VALUES);
    }
}
