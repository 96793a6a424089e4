package org.vae4j.core.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.GradCheck;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Parameter;

/** The ELBO and IWAE bound on a tiny float64 VAE (6 features, 2 latent, 5 hidden). */
class ObjectivesTest {
    private static final Backend B = ReferenceBackend.create();
    private static final MlpVaeConfig SMALL =
            new MlpVaeConfig(6, 2, new int[] {5}, Activation.TANH, "bernoulli");

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

    @Test
    void theNegativeElboIsReconstructionPlusKl() {
        LossTerms t = Elbo.standard().compute(vae(), batch(4), Rng.seeded(1), 0);
        double[] neg = t.negativeBound().value().toDoubles();
        double[] rec = t.reconstruction().value().toDoubles();
        double[] kl = t.kl().value().toDoubles();
        assertThat(neg).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(neg[i]).isCloseTo(rec[i] + kl[i], within(1e-12));
            assertThat(kl[i]).isGreaterThanOrEqualTo(0);
        }
        assertThat(t.loss().item()).isCloseTo(mean(neg), within(1e-12));
    }

    @Test
    void theElboGradientMatchesFiniteDifferences() {
        Vae vae = vae();
        List<Variable> leaves = new ArrayList<>();
        for (Parameter p : vae.parameters()) {
            leaves.add(p.variable());
        }
        Variable x = batch(3);
        Objective elbo = Elbo.builder().samples(2).build();
        GradCheck.Result r =
                GradCheck.checkLeaves(
                        () -> elbo.compute(vae, x, Rng.seeded(4), 0).loss(), leaves, 1e-7, 1e-5);
        assertThat(r.passed()).as(r.detail()).isTrue();
    }

    @Test
    void theIwaeGradientMatchesFiniteDifferences() {
        Vae vae = vae();
        List<Variable> leaves = new ArrayList<>();
        for (Parameter p : vae.parameters()) {
            leaves.add(p.variable());
        }
        Variable x = batch(2);
        Objective iwae = new IwaeBound(3);
        GradCheck.Result r =
                GradCheck.checkLeaves(
                        () -> iwae.compute(vae, x, Rng.seeded(4), 0).loss(), leaves, 1e-7, 1e-5);
        assertThat(r.passed()).as(r.detail()).isTrue();
    }

    @Test
    void theIwaeBoundTightensWithK() {
        Vae vae = vae();
        Variable x = batch(200);
        double l1 = -new IwaeBound(1).compute(vae, x, Rng.seeded(2), 0).loss().item();
        double l5 = -new IwaeBound(5).compute(vae, x, Rng.seeded(2), 0).loss().item();
        double l50 = -new IwaeBound(50).compute(vae, x, Rng.seeded(2), 0).loss().item();
        assertThat(l5).isGreaterThan(l1);
        assertThat(l50).isGreaterThan(l5);
    }

    @Test
    void warmupAndBetaWeightTheKl() {
        Vae vae = vae();
        Variable x = batch(4);
        LossTerms warm = Elbo.builder().warmupEpochs(4).build().compute(vae, x, Rng.seeded(1), 0);
        assertThat(warm.loss().item())
                .isCloseTo(mean(warm.reconstruction().value().toDoubles()), within(1e-12));
        LossTerms half =
                Elbo.builder().beta(3).warmupEpochs(4).build().compute(vae, x, Rng.seeded(1), 2);
        double expected =
                mean(half.reconstruction().value().toDoubles())
                        + 1.5 * mean(half.kl().value().toDoubles());
        assertThat(half.loss().item()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void freeBitsFloorEachDimensionsKl() {
        Vae vae = vae();
        Variable x = batch(4);
        LossTerms t = Elbo.builder().freeBits(100).build().compute(vae, x, Rng.seeded(1), 0);
        // every dimension's KL is far below 100 nats, so the KL term is 2 dims * 100
        assertThat(t.loss().item())
                .isCloseTo(mean(t.reconstruction().value().toDoubles()) + 200, within(1e-9));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
