package org.vae4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.GradCheck;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.eval.Progress;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.IwaeBound;
import org.vae4j.core.objectives.Objective;
import org.vae4j.core.optim.Adam;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingResult;

/** A VAE with two stochastic layers on a tiny float64 model: densities, gradients, training. */
class HierarchicalVaeTest {
    private static final Backend B = ReferenceBackend.create();
    private static final HierarchicalVaeConfig SMALL =
            new HierarchicalVaeConfig(
                    6, new int[] {3, 2}, new int[][] {{5}, {4}}, Activation.TANH, "bernoulli");
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @TempDir Path dir;

    @AfterAll
    static void close() {
        B.close();
    }

    private static Vae vae() {
        return SMALL.build(Init.on(B, DType.FLOAT64, Rng.seeded(5)));
    }

    private static Variable batch(int n) {
        double[] u = Rng.seeded(9).uniforms(n * 6);
        return Variable.constant(B.fromDoubles(u, Shape.of(n, 6)));
    }

    private static Dataset data(int n, long seed) {
        double[] u = Rng.seeded(seed).uniforms(n * 6);
        float[] x = new float[n * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((i / 6) % 2 == 0 ? u[i] * 0.2 : 0.8 + 0.2 * u[i]);
        }
        return Dataset.ofFloats(x, n, 6, null);
    }

    @Test
    void thePapersModelHasItsSizes() {
        HierarchicalVaeConfig burda = HierarchicalVaeConfig.burda();
        assertThat(burda.summary()).isEqualTo("784-200-200-(100)-100-100-(50)");
        assertThat(burda.latent()).isEqualTo(150);
        assertThat(burda.hidden()).isEqualTo(new int[][] {{200, 200}, {100, 100}});
    }

    @Test
    void eachNetworkHasItsParameters() {
        try (Vae vae = vae()) {
            assertThat(vae.namedParameters().keySet())
                    .anyMatch(k -> k.startsWith("encoder.layer0."))
                    .anyMatch(k -> k.startsWith("encoder.layer1."))
                    .anyMatch(k -> k.startsWith("prior.layer0."))
                    .anyMatch(k -> k.startsWith("decoder.net."));
            assertThat(vae.prior().eventShape()).isEqualTo(Shape.of(5));
            try (Tensor drawn = vae.prior().sample(Shape.of(7), Rng.seeded(1))) {
                assertThat(drawn.shape()).isEqualTo(Shape.of(7, 5));
            }
            assertThat(vae.prior().mean().shape()).isEqualTo(Shape.of(5));
        }
    }

    /**
     * With every weight zero, each layer's Gaussian is its heads' biases whatever its input, so the
     * log densities are sums of one-dimensional Gaussians written out here.
     */
    @Test
    void logDensitiesAreTheLayersSummed() {
        try (Vae vae = vae()) {
            Map<String, Tensor> state = new LinkedHashMap<>();
            Map<String, Double> bias = new LinkedHashMap<>();
            bias.put("encoder.layer0.mean.bias", 0.3);
            bias.put("encoder.layer0.logVar.bias", -0.4);
            bias.put("encoder.layer1.mean.bias", -0.2);
            bias.put("encoder.layer1.logVar.bias", 0.5);
            bias.put("prior.layer0.mean.bias", 0.1);
            bias.put("prior.layer0.logVar.bias", 0.2);
            for (Map.Entry<String, Parameter> e : vae.namedParameters().entrySet()) {
                double v = bias.getOrDefault(e.getKey(), 0.0);
                state.put(e.getKey(), B.full(e.getValue().value().shape(), v, DType.FLOAT64));
            }
            vae.loadStateDict(state);
            double[] z = {0.7, -1.1, 0.2, 0.4, -0.3};
            Variable code = Variable.constant(B.fromDoubles(z, Shape.of(1, 5)));
            Distribution q = vae.encoder().encode(batch(1));
            double expectedQ =
                    gauss(z[0], 0.3, -0.4)
                            + gauss(z[1], 0.3, -0.4)
                            + gauss(z[2], 0.3, -0.4)
                            + gauss(z[3], -0.2, 0.5)
                            + gauss(z[4], -0.2, 0.5);
            assertThat(q.logProb(code).item()).isCloseTo(expectedQ, within(1e-12));
            double expectedP =
                    gauss(z[0], 0.1, 0.2)
                            + gauss(z[1], 0.1, 0.2)
                            + gauss(z[2], 0.1, 0.2)
                            + gauss(z[3], 0, 0)
                            + gauss(z[4], 0, 0);
            assertThat(vae.prior().logProb(code).item()).isCloseTo(expectedP, within(1e-12));
        }
    }

    private static double gauss(double x, double mean, double logVar) {
        return -0.5 * (LOG_2PI + logVar + (x - mean) * (x - mean) / Math.exp(logVar));
    }

    @Test
    void theLastSampleAndAFreshCodeGetTheSameDensity() {
        try (Vae vae = vae()) {
            Distribution q = vae.encoder().encode(batch(4));
            Variable z = q.rsample(Shape.of(3), Rng.seeded(2));
            assertThat(z.shape()).isEqualTo(Shape.of(3, 4, 5));
            double[] cached = q.logProb(z).value().toDoubles();
            double[] fresh = q.logProb(z.add(0.0)).value().toDoubles();
            assertThat(cached).hasSize(12);
            for (int i = 0; i < cached.length; i++) {
                assertThat(cached[i]).isCloseTo(fresh[i], within(1e-12));
            }
        }
    }

    @Test
    void theElboAndIwaeGradientsMatchFiniteDifferences() {
        for (Objective objective : List.of(Elbo.builder().samples(2).build(), new IwaeBound(3))) {
            try (Vae vae = vae()) {
                List<Variable> leaves = new ArrayList<>();
                for (Parameter p : vae.parameters()) {
                    leaves.add(p.variable());
                }
                Variable x = batch(2);
                GradCheck.Result r =
                        GradCheck.checkLeaves(
                                () -> objective.compute(vae, x, Rng.seeded(4), 0).loss(),
                                leaves,
                                1e-7,
                                1e-5);
                assertThat(r.passed()).as(objective + ": " + r.detail()).isTrue();
            }
        }
    }

    @Test
    void trainsAndIsEvaluatedByImportanceSampling() {
        try (Vae vae = vae();
                Adam adam = new Adam(vae.namedParameters(), 0.01)) {
            TrainingResult result =
                    Trainer.builder(vae, adam)
                            .objective(new IwaeBound(3))
                            .batchSize(16)
                            .epochs(8)
                            .seed(3)
                            .build()
                            .fit(data(96, 1), data(32, 2));
            assertThat(result.last().testLoss()).isLessThan(result.epochs().get(0).testLoss());
            double k1 =
                    Evaluator.logLikelihood(vae, data(32, 2), 1, Rng.seeded(6), Progress.NONE)
                            .mean();
            double k50 =
                    Evaluator.logLikelihood(vae, data(32, 2), 50, Rng.seeded(6), Progress.NONE)
                            .mean();
            assertThat(k50).as("the bound tightens with K").isGreaterThan(k1);
            LatentReport latents = Evaluator.latents(vae, data(32, 2), 8, 0.01);
            assertThat(latents.activeUnits()).isBetween(0, 5);
            assertThat(java.util.Arrays.stream(latents.klPerDimension()).boxed().toList())
                    .hasSize(5)
                    .allMatch(v -> v.isNaN());
        }
    }

    @Test
    void aCheckpointRestoresTheModelAndItsSettings() {
        Path file = dir.resolve("checkpoint.safetensors");
        TrainingConfig training =
                new TrainingConfig(
                        "iwae", 5, 1, 0, "adam", 1e-3, 16, 1, Binarization.NONE, 1, DType.FLOAT64);
        double before;
        try (Vae vae = vae();
                Adam adam = new Adam(vae.namedParameters(), 1e-3)) {
            before =
                    Evaluator.logLikelihood(vae, data(8, 2), 7, Rng.seeded(6), Progress.NONE)
                            .mean();
            Checkpoints.save(file, vae, adam, new RunInfo(SMALL, training, 0, List.of(), Map.of()));
        }
        try (Restored r = Checkpoints.load(file, B)) {
            assertThat(r.info().model()).isEqualTo(SMALL);
            double after =
                    Evaluator.logLikelihood(r.vae(), data(8, 2), 7, Rng.seeded(6), Progress.NONE)
                            .mean();
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void refusesAModelWithOneStochasticLayerOrMissingSizes() {
        assertThatThrownBy(
                        () ->
                                new HierarchicalVaeConfig(
                                        6,
                                        new int[] {3},
                                        new int[][] {{5}},
                                        Activation.TANH,
                                        "bernoulli"))
                .hasMessageContaining("at least two");
        assertThatThrownBy(
                        () ->
                                new HierarchicalVaeConfig(
                                        6,
                                        new int[] {3, 0},
                                        new int[][] {{5}, {4}},
                                        Activation.TANH,
                                        "bernoulli"))
                .hasMessageContaining("positive");
    }
}
