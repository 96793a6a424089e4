package org.vae4j.examples.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NiceAxisTest {
    @Test
    void ticksAreRoundAndInsideTheRange() {
        NiceAxis axis = NiceAxis.of(93.2, 187.6, 6, false);

        assertThat(axis.step).isEqualTo(20);
        assertThat(axis.ticks()).containsExactly(100, 120, 140, 160, 180);
        assertThat(axis.lo).isLessThan(93.2);
        assertThat(axis.hi).isGreaterThan(187.6);
        assertThat(axis.format(120)).isEqualTo("120");
    }

    @Test
    void epochsGetWholeSteps() {
        NiceAxis axis = NiceAxis.of(1, 3, 8, true);

        assertThat(axis.ticks()).containsExactly(1, 2, 3);
        assertThat(axis.format(2)).isEqualTo("2");
    }

    @Test
    void aSingleValueGetsARange() {
        NiceAxis flat = NiceAxis.of(7, 7, 5, false);
        NiceAxis zero = NiceAxis.of(0, 0, 5, false);
        NiceAxis epoch = NiceAxis.of(1, 1, 5, true);

        assertThat(flat.hi - flat.lo).isPositive();
        assertThat(flat.ticks()).contains(7.0);
        assertThat(zero.ticks()).contains(0.0);
        assertThat(epoch.ticks()).containsExactly(0, 1, 2);
    }

    @Test
    void noDataMeansUnitRange() {
        NiceAxis axis = NiceAxis.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 5, false);

        assertThat(axis.ticks()).contains(0.0, 1.0);
    }

    @Test
    void labelsTellTicksApart() {
        assertThat(labels(NiceAxis.of(0, 1, 8, false))).contains("0", "0.2", "1.0");
        assertThat(labels(NiceAxis.of(0, 1, 4, false))).contains("0", "0.25", "0.50", "1.00");
        assertThat(labels(NiceAxis.of(-1, 1, 4, false)))
                .contains("-0.5", "0")
                .doesNotContain("-0.0");
        assertThat(labels(NiceAxis.of(2e11, 1e12, 4, false))).contains("4.0e11", "1.0e12");
        assertThat(labels(NiceAxis.of(1e-12, 3e-12, 4, false))).contains("1.5e-12", "2.0e-12");
        assertThat(labels(NiceAxis.of(1e6, 1e6 + 1e-3, 4, false)))
                .allSatisfy(label -> assertThat(label).startsWith("1.000000"));
    }

    private static String[] labels(NiceAxis axis) {
        return Arrays.stream(axis.ticks()).mapToObj(axis::format).toArray(String[]::new);
    }
}
