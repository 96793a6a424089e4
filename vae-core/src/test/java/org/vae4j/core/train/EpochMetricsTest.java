package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-line summary that vae train and the Spark driver print per epoch. */
class EpochMetricsTest {
    @Test
    void theSummaryHasTheTestPartOnlyWhenItWasMeasured() {
        EpochMetrics tested =
                new EpochMetrics(3, 114.584, 90, 24.5, 111.826, 87.386, 24.44, 6.07, 9836.4, 1e-3);
        assertThat(tested.summary(10))
                .isEqualTo(
                        "epoch 3/10  train 114.58  test 111.83 (rec 87.39 + kl 24.44)  6.1 s  9,836 ex/s");
        EpochMetrics untested =
                new EpochMetrics(
                        1, 150, 130, 20, Double.NaN, Double.NaN, Double.NaN, 2, 30000, 1e-3);
        assertThat(untested.summary(2)).isEqualTo("epoch 1/2  train 150.00  2.0 s  30,000 ex/s");
    }
}
