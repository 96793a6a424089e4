package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.train.TrainingConfig;

/** A resumed run's distributed settings, read back from its provenance. */
class FitOptionsTest {
    private static RunInfo run(Map<String, String> provenance) {
        return new RunInfo(
                new MlpVaeConfig(6, 2, new int[] {5}, Activation.TANH, "bernoulli", 0),
                new TrainingConfig(
                        "elbo", 1, 1, 0, "adam", 0.01, 16, 3, Binarization.NONE, 7, DType.FLOAT32),
                1,
                List.of(),
                provenance);
    }

    @Test
    void theRecordedSchemeReplacesTheDefaultsAndNothingElse() {
        FitOptions base =
                FitOptions.defaults().withFeatureColumn("pixels").withBackend("reference");
        FitOptions averaged =
                base.withSchemeOf(
                        run(
                                Map.of(
                                        "spark_workers", "3",
                                        "spark_average_every", "4",
                                        "spark_optimizer_state", "averaged")));
        assertThat(averaged).isEqualTo(base.withWorkers(3).withAverageEvery(4));
        FitOptions driver =
                base.withAverageEvery(4)
                        .withSchemeOf(
                                run(
                                        Map.of(
                                                "spark_average_every", "1",
                                                "spark_optimizer_state", "driver")));
        assertThat(driver).isEqualTo(base.withOptimizerState(OptimizerState.DRIVER));
        assertThat(base.withSchemeOf(run(Map.of("backend", "nd4j")))).isEqualTo(base);
    }

    @Test
    void anUnreadableRecordIsOneLineNamingTheOptions() {
        assertThatThrownBy(
                        () -> FitOptions.defaults().withSchemeOf(run(Map.of("spark_workers", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The run records unreadable Spark settings (x workers, averaging every"
                                + " null); give --workers and --average-every");
        assertThatThrownBy(
                        () ->
                                FitOptions.defaults()
                                        .withSchemeOf(run(Map.of("spark_optimizer_state", "odd"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The run records an unknown optimizer state 'odd'; give --optimizer-state"
                                + " averaged or driver");
    }
}
