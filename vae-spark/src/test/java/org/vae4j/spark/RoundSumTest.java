package org.vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;

/** The round's sum: a weighted mean, the same bits in whatever order results arrive. */
class RoundSumTest {
    private static final Backend B = ReferenceBackend.create();
    private static final int WORKERS = 7;

    @AfterAll
    static void close() {
        B.close();
    }

    /** Worker {@code w}'s result: {@code w + 1} examples and values that round differently. */
    private static RoundSum.Part leaf(int w) {
        float[] v = {0.1f * (w + 1), 1e7f / (w + 3), -1f / (w + 7)};
        HostTensors values =
                new HostTensors().put(HostTensors.MODEL, Map.of("w", B.fromFloats(v, Shape.of(3))));
        StreamState s = new StreamState(1, w, w);
        return RoundSum.Part.leaf(w, w + 1, new double[] {w, 0, 0}, w, values, s, s);
    }

    private static float[] mean(RoundSum sum) {
        return sum.total().mean().tensors(B, HostTensors.MODEL).get("w").toFloats();
    }

    @Test
    void theMeanIsTheSameBitsForAnyArrivalOrderAndGrouping() {
        RoundSum ordered = new RoundSum(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            ordered.add(leaf(w));
        }
        float[] expected = mean(ordered);
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            List<Integer> order = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                order.add(w);
            }
            Collections.shuffle(order, random);
            RoundSum left = new RoundSum(WORKERS);
            RoundSum right = new RoundSum(WORKERS);
            int cut = random.nextInt(WORKERS);
            for (int i = 0; i < WORKERS; i++) {
                (i < cut ? left : right).add(leaf(order.get(i)));
            }
            RoundSum merged = random.nextBoolean() ? left.merge(right) : right.merge(left);
            assertThat(mean(merged)).containsExactly(expected);
            assertThat(merged.total().examples()).isEqualTo(28);
            assertThat(merged.total().steps()).isEqualTo(WORKERS - 1);
            assertThat(merged.total().streams(4)[0]).isEqualTo(new StreamState(1, 4, 4));
        }
        double weighted = 0;
        for (int w = 0; w < WORKERS; w++) {
            weighted += (w + 1) * (double) (0.1f * (w + 1));
        }
        assertThat(expected[0]).isEqualTo((float) (weighted / 28));
    }

    @Test
    void oneWorkersValuesComeBackUnchangedAndAnIdleWorkerWeighsNothing() {
        RoundSum one = new RoundSum(1).add(leaf(0));
        assertThat(mean(one)).containsExactly(0.1f, 1e7f / 3, -1f / 7);
        StreamState s = new StreamState(1, 1, 1);
        RoundSum.Part idle = RoundSum.Part.leaf(1, 0, new double[3], 0, null, s, s);
        RoundSum two = new RoundSum(2).add(idle).add(leaf(0));
        assertThat(mean(two)).containsExactly(0.1f, 1e7f / 3, -1f / 7);
    }

    @Test
    void aMissingWorkerIsNamedAsIncomplete() {
        RoundSum sum = new RoundSum(3).add(leaf(0)).add(leaf(2));
        assertThatThrownBy(sum::total)
                .hasMessage("A round has the results of only some of its 3 workers");
    }
}
