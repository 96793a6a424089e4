package org.vae4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.ContinuousBernoulli;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.InitScheme;

/** The decoder's last bias set from a tiny dataset's means, for each likelihood. */
class OutputBiasTest {
    private static final Backend B = ReferenceBackend.create();

    /** Four rows of three pixels: means 0, 0.25 and 1. */
    private static final Dataset PIXELS =
            Dataset.ofFloats(new float[] {0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1}, 4, 3, null);

    @AfterAll
    static void close() {
        B.close();
    }

    private static Vae mlp(String likelihood) {
        return new MlpVaeConfig(3, 2, new int[] {4}, Activation.TANH, likelihood)
                .build(Init.on(B, DType.FLOAT64, Rng.seeded(1)).with(InitScheme.GLOROT));
    }

    private static double[] bias(Vae vae) {
        return ((MlpDecoder) vae.decoder()).outputBias().value().toDoubles();
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void bernoulliGetsTheLogitOfTheClampedMeans() {
        try (Vae vae = mlp("bernoulli")) {
            OutputBias.DATA_MEAN.apply(vae, PIXELS);
            assertThat(bias(vae)).containsExactly(logit(1e-4), Math.log(1.0 / 3), logit(1 - 1e-4));
        }
    }

    @Test
    void aModelWithStochasticLayersSetsItsLikelihoodsBias() {
        HierarchicalVaeConfig config =
                HierarchicalVaeConfig.of(
                        3, new int[] {2, 1}, new int[] {4}, Activation.TANH, "bernoulli");
        OutputBias.DATA_MEAN.check(config);
        try (Vae vae = config.build(Init.on(B, DType.FLOAT64, Rng.seeded(1)))) {
            OutputBias.DATA_MEAN.apply(vae, PIXELS);
            assertThat(((HierarchicalDecoder) vae.decoder()).net().outputBias().value().toDoubles())
                    .containsExactly(logit(1e-4), Math.log(1.0 / 3), logit(1 - 1e-4));
        }
    }

    @Test
    void continuousBernoulliGetsTheLogitsWhoseMeansAreTheData() {
        try (Vae vae = mlp("continuous-bernoulli")) {
            OutputBias.DATA_MEAN.apply(vae, PIXELS);
            double[] logits = bias(vae);
            double[] means =
                    new ContinuousBernoulli(Variable.constant(B.fromDoubles(logits, Shape.of(3))))
                            .mean()
                            .value()
                            .toDoubles();
            assertThat(means[0]).isCloseTo(1e-4, within(1e-12));
            assertThat(means[1]).isCloseTo(0.25, within(1e-12));
            assertThat(means[2]).isCloseTo(1 - 1e-4, within(1e-12));
            assertThat(logits[1]).isNegative();
        }
    }

    @Test
    void gaussianAndLaplaceGetTheMeansAndAZeroSecondBlock() {
        Dataset data = Dataset.ofFloats(new float[] {1, -0.5f, 3, 2, 0, 3}, 2, 3, null);
        for (String likelihood : new String[] {"gaussian", "laplace"}) {
            try (Vae vae = mlp(likelihood)) {
                OutputBias.DATA_MEAN.apply(vae, data);
                assertThat(bias(vae)).as(likelihood).containsExactly(1.5, -0.25, 3, 0, 0, 0);
            }
        }
        try (Vae vae = mlp("gaussian-fixed:0.5")) {
            OutputBias.DATA_MEAN.apply(vae, data);
            assertThat(bias(vae)).containsExactly(1.5, -0.25, 3);
        }
    }

    @Test
    void zeroClearsTheBiasAndInitLeavesItAsDrawn() {
        try (Vae vae =
                new MlpVaeConfig(3, 2, new int[] {4}, Activation.TANH, "bernoulli")
                        .build(Init.on(B, DType.FLOAT32, Rng.seeded(1)))) {
            double[] drawn = bias(vae);
            assertThat(drawn).doesNotContain(0.0);
            OutputBias.INIT.apply(vae, PIXELS);
            assertThat(bias(vae)).isEqualTo(drawn);
            OutputBias.ZERO.apply(vae, PIXELS);
            assertThat(bias(vae)).containsOnly(0.0);
        }
    }

    @Test
    void aConvolutionalDecoderTakesZeroButRefusesTheDataMean() {
        ConvVaeConfig conv =
                new ConvVaeConfig(1, 2, 2, new int[] {2}, 3, 4, 2, Activation.RELU, "bernoulli");
        assertThatThrownBy(() -> OutputBias.DATA_MEAN.check(conv))
                .hasMessage(
                        "The data-mean output bias needs an MLP decoder (a conv decoder's last"
                                + " bias is one value per channel, not per pixel); use the zero"
                                + " or init output bias");
        OutputBias.ZERO.check(conv);
        Dataset images = Dataset.ofFloats(new float[] {0, 1, 1, 0}, 1, 4, null);
        try (Vae vae = conv.build(Init.on(B, DType.FLOAT64, Rng.seeded(1)))) {
            OutputBias.ZERO.apply(vae, images);
            assertThat(((ConvDecoder) vae.decoder()).outputBias().value().toDoubles())
                    .containsOnly(0.0);
            assertThatThrownBy(() -> OutputBias.DATA_MEAN.apply(vae, images))
                    .hasMessageContaining("needs an MLP decoder");
        }
    }

    @Test
    void aLikelihoodWithoutARuleIsRefused() {
        Likelihood own =
                new Likelihood() {
                    @Override
                    public String name() {
                        return "poisson";
                    }

                    @Override
                    public int outputsPerFeature() {
                        return 1;
                    }

                    @Override
                    public org.vae4j.core.distributions.Distribution distribution(Variable raw) {
                        throw new UnsupportedOperationException();
                    }
                };
        assertThatThrownBy(() -> OutputBias.fromMeans(own, new double[] {0.5}))
                .hasMessage(
                        "The data-mean output bias has no rule for the likelihood 'poisson'; use"
                                + " the zero or init output bias");
    }

    @Test
    void choicesParseByNameAndRefuseOthersInOneLine() {
        assertThat(OutputBias.parse("Data-Mean")).isEqualTo(OutputBias.DATA_MEAN);
        assertThat(OutputBias.DATA_MEAN.cliName()).isEqualTo("data-mean");
        assertThatThrownBy(() -> OutputBias.parse("mean"))
                .hasMessage("Unknown output bias 'mean'; use init, zero or data-mean");
    }
}
