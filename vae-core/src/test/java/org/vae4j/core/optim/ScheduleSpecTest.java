package org.vae4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The IWAE paper's schedule at its stage boundaries, and the schedule grammar. */
class ScheduleSpecTest {
    private static final String FORMS =
            "use constant, step:EVERY:FACTOR, exponential:GAMMA, cosine[:EPOCHS[:MIN]] or"
                    + " burda[:STAGES]";

    @Test
    void burdaRunsStageIForThreeToTheIEpochsAtATenthToTheIOverSeven() {
        LrSchedule s = LrSchedule.burda(8);
        assertThat(LrSchedule.burdaEpochs(8)).isEqualTo(3280);
        assertThat(LrSchedule.burdaEpochs(3)).isEqualTo(13);
        // 0-based epochs: stage 0 is epoch 0, stage 1 epochs 1-3, stage 2 epochs 4-12, ...
        int[] firstOfStage = {0, 1, 4, 13, 40, 121, 364, 1093};
        for (int i = 0; i < firstOfStage.length; i++) {
            double rate = 1e-3 * Math.pow(10, -i / 7.0);
            assertThat(s.rate(1e-3, firstOfStage[i])).as("stage %d", i).isEqualTo(rate);
            if (i > 0) {
                assertThat(s.rate(1e-3, firstOfStage[i] - 1)).isNotEqualTo(rate);
            }
        }
        assertThat(s.rate(1e-3, 3279)).isEqualTo(1e-4);
        assertThat(s.rate(1e-3, 5000)).as("past the last stage").isEqualTo(1e-4);
        assertThat(LrSchedule.burda(3).rate(1e-3, 13)).isEqualTo(1e-3 * Math.pow(10, -2 / 7.0));
        assertThat(s.rate(2e-3, 1)).isCloseTo(2e-3 * Math.pow(10, -1 / 7.0), within(1e-18));
        assertThatThrownBy(() -> LrSchedule.burda(0)).hasMessageContaining("1 to 20 stages");
    }

    @Test
    void eachFormParsesToItsFullSpelling() {
        assertThat(ScheduleSpec.parse("burda", 10).text()).isEqualTo("burda:8");
        assertThat(ScheduleSpec.parse("burda", 10).epochs()).hasValue(3280);
        assertThat(ScheduleSpec.parse(" BURDA:3 ", 10).epochs()).hasValue(13);
        assertThat(ScheduleSpec.parse("constant", 10)).isSameAs(ScheduleSpec.CONSTANT);
        assertThat(ScheduleSpec.parse("constant", 10).epochs()).isEmpty();
        assertThat(ScheduleSpec.parse("step:10:0.5", 10).text()).isEqualTo("step:10:0.5");
        assertThat(ScheduleSpec.parse("exponential:0.9", 10).text()).isEqualTo("exponential:0.9");
        assertThat(ScheduleSpec.parse("cosine", 20).text()).isEqualTo("cosine:20:1.0E-6");
        assertThat(ScheduleSpec.parse("cosine:30", 20).text()).isEqualTo("cosine:30:1.0E-6");
        ScheduleSpec full = ScheduleSpec.parse("cosine:30:1e-5", 20);
        assertThat(ScheduleSpec.parse(full.text(), 99)).isEqualTo(full);
    }

    @Test
    void parsedSchedulesGiveTheirFormulasRates() {
        assertThat(ScheduleSpec.parse("step:2:0.5", 10).schedule().rate(1, 5)).isEqualTo(0.25);
        assertThat(ScheduleSpec.parse("exponential:0.5", 10).schedule().rate(1, 3))
                .isEqualTo(0.125);
        LrSchedule cosine = ScheduleSpec.parse("cosine:4:0.1", 10).schedule();
        assertThat(cosine.rate(1, 0)).isEqualTo(1);
        assertThat(cosine.rate(1, 2)).isCloseTo(0.55, within(1e-15));
        assertThat(cosine.rate(1, 9)).isEqualTo(0.1);
        assertThat(ScheduleSpec.parse("burda:2", 10).schedule().rate(1e-3, 1))
                .isEqualTo(1e-3 * Math.pow(10, -1 / 7.0));
    }

    @Test
    void badSchedulesNameTheAcceptedFormsInOneLine() {
        assertThatThrownBy(() -> ScheduleSpec.parse("linear", 10))
                .hasMessage("Unknown learning-rate schedule 'linear'; " + FORMS);
        for (String bad :
                List.of(
                        "burda:0",
                        "burda:x",
                        "burda:3:1",
                        "step:10",
                        "step:0:0.5",
                        "exponential:-1",
                        "cosine:0",
                        "constant:1")) {
            assertThatThrownBy(() -> ScheduleSpec.parse(bad, 10))
                    .as(bad)
                    .hasMessageStartingWith("Bad learning-rate schedule '" + bad + "': ")
                    .hasMessageEndingWith(FORMS)
                    .hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> ScheduleSpec.parse("step:10", 10))
                .hasMessageContaining("step takes 2 numbers after it, but got 1");
    }
}
