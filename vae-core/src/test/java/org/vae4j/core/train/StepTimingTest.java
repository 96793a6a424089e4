package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.nn.Activation;

/** Timing a few training steps of a model leaves nothing behind and gives a time per step. */
class StepTimingTest {
    private static final Backend B = ReferenceBackend.create();
    private static final MlpVaeConfig MODEL =
            new MlpVaeConfig(6, 2, new int[] {5}, Activation.RELU, "bernoulli");
    private static final TrainingConfig TRAINING =
            new TrainingConfig(
                    "iwae", 3, 1, 0, "adam", 1e-3, 4, 10, Binarization.DYNAMIC, 1, DType.FLOAT64);

    @AfterAll
    static void close() {
        B.close();
    }

    private static Dataset examples(int n) {
        float[] x = new float[n * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) / 7f;
        }
        return Dataset.ofFloats(x, n, 6, null);
    }

    @Test
    void timesStepsAndClosesWhatItBuilt() {
        long before = B.memory().liveTensors();
        double seconds = StepTiming.secondsPerStep(B, MODEL, TRAINING, examples(30), 3);
        assertThat(seconds).isPositive().isFinite();
        assertThat(B.memory().liveTensors()).isEqualTo(before);
    }

    @Test
    void takesWhatThereIsWhenTheDataAreFewerThanTheSteps() {
        assertThat(StepTiming.secondsPerStep(B, MODEL, TRAINING, examples(5), 10))
                .isPositive()
                .isFinite();
    }

    @Test
    void aScheduleShorterThanTheTimingIsNoObstacle() {
        TrainingConfig oneEpoch =
                TRAINING.withEpochs(1)
                        .withSchedule(org.vae4j.core.optim.ScheduleSpec.parse("burda:1", 1), 1e-4);
        assertThat(StepTiming.secondsPerStep(B, MODEL, oneEpoch, examples(8), 2))
                .isPositive()
                .isFinite();
    }

    @Test
    void refusesNoStepsAndNoData() {
        assertThatThrownBy(() -> StepTiming.secondsPerStep(B, MODEL, TRAINING, examples(5), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps must be > 0");
        assertThatThrownBy(() -> StepTiming.secondsPerStep(B, MODEL, TRAINING, examples(0), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no examples");
    }
}
