package org.vae4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingResult;

/** Conditional VAEs: the condition reaches both networks, and training needs labels. */
class ConditionalVaeTest {
    private static final Backend B = ReferenceBackend.create();
    private static final List<ModelConfig> MODELS =
            List.of(
                    new MlpVaeConfig(12, 2, new int[] {6}, Activation.TANH, "bernoulli", 3),
                    new ConvVaeConfig(1, 4, 3, new int[] {2}, 3, 6, 2, Activation.TANH, "bernoulli")
                            .withConditions(3));

    @AfterAll
    static void close() {
        B.close();
    }

    private static Dataset data(int n, boolean labelled) {
        double[] u = Rng.seeded(5).uniforms(n * 12);
        float[] x = new float[u.length];
        int[] labels = new int[n];
        for (int i = 0; i < u.length; i++) {
            x[i] = (float) u[i];
        }
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return Dataset.ofFloats(x, n, 12, labelled ? labels : null);
    }

    @Test
    void theConditionChangesBothTheEncoderAndTheDecoder() {
        for (ModelConfig config : MODELS) {
            try (Vae vae = config.build(Init.on(B, DType.FLOAT64, Rng.seeded(1)));
                    NoGrad off = NoGrad.enter()) {
                assertThat(vae.conditions()).isEqualTo(3);
                Dataset d = data(2, true);
                Variable x = Variable.constant(d.batch(B, new int[] {0, 0}, DType.FLOAT64));
                Variable c = vae.condition(d, new int[] {0, 1}); // labels 0 and 1
                double[] mu = vae.encoder().encode(x, c).mean().value().toDoubles();
                assertThat(mu[0]).as(config.type()).isNotEqualTo(mu[2]);
                Variable z = Variable.constant(B.zeros(Shape.of(2, 2), DType.FLOAT64));
                double[] p = vae.decoder().decode(z, c).mean().value().toDoubles();
                assertThat(p[0]).as(config.type()).isNotEqualTo(p[12]);
                assertThatThrownBy(() -> vae.encoder().encode(x))
                        .hasMessageContaining("conditional: give a condition of 3 values");
            }
        }
    }

    @Test
    void aConditionalModelTrainsOnLabelsAndRefusesDataWithout() {
        TrainingConfig config =
                new TrainingConfig(
                        "iwae", 2, 1, 0, "adam", 0.01, 4, 2, Binarization.NONE, 3, DType.FLOAT64);
        for (ModelConfig model : MODELS) {
            try (Vae vae = model.build(Init.on(B, DType.FLOAT64, Rng.seeded(1)));
                    Optimizer opt = config.buildOptimizer(vae.namedParameters())) {
                Trainer trainer =
                        Trainer.builder(vae, opt)
                                .objective(config.buildObjective())
                                .batchSize(4)
                                .epochs(2)
                                .seed(3)
                                .build();
                TrainingResult r = trainer.fit(data(12, true), data(6, true));
                assertThat(r.last().testLoss()).isFinite();
                assertThatThrownBy(() -> trainer.fit(data(12, false), null))
                        .hasMessageContaining("needs labels");
            }
        }
    }

    @Test
    void anUnconditionalModelRefusesACondition() {
        ModelConfig plain = new MlpVaeConfig(12, 2, new int[] {6}, Activation.TANH, "bernoulli");
        try (Vae vae = plain.build(Init.on(B, DType.FLOAT64, Rng.seeded(1)))) {
            Variable x = Variable.constant(B.zeros(Shape.of(1, 12), DType.FLOAT64));
            Variable c = Variable.constant(B.zeros(Shape.of(1, 3), DType.FLOAT64));
            assertThat(vae.condition(data(1, true), new int[] {0})).isNull();
            assertThatThrownBy(() -> Elbo.standard().compute(vae, x, c, Rng.seeded(1), 0))
                    .hasMessageContaining("not conditional");
        }
    }
}
