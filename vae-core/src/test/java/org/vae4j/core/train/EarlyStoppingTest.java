package org.vae4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    private static EpochMetrics epoch(int n, double test) {
        return new EpochMetrics(n, 100, 90, 10, test, 0, 0, 1, 1, 1e-3);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping stopping = new EarlyStopping(2, 0.1);
        double[] losses = {10, 9, 8.95, 8.99, 8.5};
        String[] reasons = new String[losses.length];
        for (int i = 0; i < losses.length; i++) {
            TrainingControl control = new TrainingControl();
            stopping.onEpochEnd(epoch(i + 1, losses[i]), control);
            reasons[i] = control.stopReason();
        }
        assertThat(reasons[0]).isNull();
        assertThat(reasons[1]).isNull();
        assertThat(reasons[2]).isNull();
        assertThat(reasons[3]).contains("for 2 epochs").contains("best 9.0");
    }

    @Test
    void judgesOnTheTrainingLossWhenThereIsNoTestLoss() {
        EarlyStopping stopping = new EarlyStopping(1, 0);
        TrainingControl first = new TrainingControl();
        stopping.onEpochEnd(epoch(1, Double.NaN), first);
        TrainingControl second = new TrainingControl();
        stopping.onEpochEnd(epoch(2, Double.NaN), second);
        assertThat(first.stopReason()).isNull();
        assertThat(second.stopReason()).isNotNull();
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> new EarlyStopping(0, 0)).hasMessageContaining("patience");
        assertThatThrownBy(() -> new EarlyStopping(1, Double.NaN)).hasMessageContaining("minDelta");
    }
}
