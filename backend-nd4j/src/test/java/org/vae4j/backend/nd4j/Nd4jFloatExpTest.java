package org.vae4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link Nd4jFloatExp} against {@link Math#exp}: accuracy over its range and its edges. */
class Nd4jFloatExpTest {
    @Test
    void isWithinTwoUlpOverTheWholeRange() {
        int n = Nd4jHostKernels.CHUNK;
        float[] x = new float[n];
        double worst = 0;
        for (int block = 0; block < 500; block++) {
            for (int i = 0; i < n; i++) {
                x[i] = -87.3f + 175.3f * (block * n + i) / (500f * n);
            }
            float[] in = x.clone();
            Nd4jFloatExp.inPlace(x, n);
            for (int i = 0; i < n; i++) {
                double exact = Math.exp(in[i]);
                worst = Math.max(worst, Math.abs(x[i] - exact) / Math.ulp((float) exact));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    @Test
    void clampsBeyondTheRangeAndKeepsNaN() {
        float[] x = {Float.NaN, Float.NEGATIVE_INFINITY, -1e30f, 0f, -0f, 1e-30f, 1f, 200f};
        Nd4jFloatExp.inPlace(x, x.length);
        float floor = (float) Math.exp(-87.3f);
        assertThat(x[0]).isNaN();
        assertThat(x[1]).isCloseTo(floor, within(2 * Math.ulp(floor)));
        assertThat(x[2]).isEqualTo(x[1]);
        assertThat(x[3]).isEqualTo(1f);
        assertThat(x[4]).isEqualTo(1f);
        assertThat(x[5]).isEqualTo(1f);
        assertThat(x[6]).isEqualTo((float) Math.E);
        float ceiling = (float) Math.exp(88);
        assertThat(x[7]).isCloseTo(ceiling, within(2 * Math.ulp(ceiling)));
    }
}
