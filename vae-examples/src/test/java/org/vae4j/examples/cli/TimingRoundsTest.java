package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the rounds that pick a backend stop, and what they score, on a given clock and JIT. */
class TimingRoundsTest {
    private static final List<String> BOTH = List.of("nd4j", "djl");

    /** A clock and a JIT compiler the test moves on. */
    private long nanos;

    private long compiled;

    private TimingRounds rounds(double budgetSeconds) {
        return new TimingRounds(() -> nanos, () -> compiled, budgetSeconds);
    }

    /** Runs one round of a second's wall time, {@code compiling} ms of it compiling. */
    private void round(TimingRounds r, long compiling, double nd4j, double djl) {
        for (String name : r.startRound(BOTH)) {
            r.record(name, name.equals("nd4j") ? nd4j : djl);
        }
        nanos += 1_000_000_000L;
        compiled += compiling;
        r.endRound();
    }

    @Test
    void roundsGoOnUntilTheJitHasBeenQuietForThree() {
        TimingRounds r = rounds(60);
        round(r, 500, 9, 8);
        round(r, 200, 7, 6);
        assertThat(r.done()).isFalse();
        round(r, 99, 5, 6);
        round(r, 0, 4, 5);
        assertThat(r.done()).as("two quiet rounds").isFalse();
        round(r, 100, 4, 5);
        assertThat(r.done()).as("a tenth of the round compiling is not quiet").isFalse();
        round(r, 10, 5, 6);
        round(r, 0, 6, 4.5);
        assertThat(r.done()).isFalse();
        round(r, 0, 3, 5.5);
        assertThat(r.done()).isTrue();
        assertThat(r.rounds()).isEqualTo(8);
        assertThat(r.scores())
                .as("medians of the last three rounds, the cold ones left out")
                .containsExactly(Map.entry("nd4j", 5.0), Map.entry("djl", 5.5));
    }

    @Test
    void aJitThatNeverQuietsStopsAtTheBudget() {
        TimingRounds r = rounds(3.5);
        round(r, 900, 5, 6);
        round(r, 900, 5, 6);
        round(r, 900, 5, 6);
        assertThat(r.done()).isFalse();
        round(r, 900, 5, 6);
        assertThat(r.done()).isTrue();
    }

    @Test
    void aClearWinnerInEveryRoundStopsEarly() {
        TimingRounds r = rounds(60);
        round(r, 900, 1, 3);
        assertThat(r.done()).as("one round is not enough").isFalse();
        round(r, 900, 2, 3);
        assertThat(r.done()).as("1.5x the winner's slowest round").isTrue();
        TimingRounds close = rounds(60);
        round(close, 900, 1, 3);
        round(close, 900, 2.1, 3);
        assertThat(close.done()).isFalse();
    }

    @Test
    void theOrderAlternatesFromRoundToRound() {
        TimingRounds r = rounds(60);
        assertThat(r.startRound(BOTH)).containsExactly("nd4j", "djl");
        r.endRound();
        assertThat(r.startRound(BOTH)).containsExactly("djl", "nd4j");
        r.endRound();
        assertThat(r.startRound(BOTH)).containsExactly("nd4j", "djl");
    }

    @Test
    void aBackendLeftAloneEndsTheTimingAfterItsRound() {
        TimingRounds r = rounds(60);
        assertThat(r.done()).isFalse();
        for (String name : r.startRound(BOTH)) {
            r.record(name, 0.5);
        }
        r.drop("nd4j");
        r.endRound();
        assertThat(r.done()).isTrue();
        assertThat(r.scores()).containsOnlyKeys("djl");
    }

    @Test
    void anEvenNumberOfRoundsScoresTheMeanOfTheMiddleTwo() {
        TimingRounds r = rounds(60);
        round(r, 0, 2, 3);
        round(r, 0, 4, 5);
        assertThat(r.scores().get("nd4j")).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void theJvmReportsItsCompilationTime() {
        long before = TimingRounds.jitMillis();
        assertThat(before).isNotNegative();
        assertThat(TimingRounds.jitMillis()).isGreaterThanOrEqualTo(before);
    }
}
