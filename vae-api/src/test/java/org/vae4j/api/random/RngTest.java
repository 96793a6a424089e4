package org.vae4j.api.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vae4j.api.support.ParallelFor;

class RngTest {

    @Test
    void oneSeedGivesOneStream() {
        assertThat(Rng.seeded(7).normals(1001)).containsExactly(Rng.seeded(7).normals(1001));
        assertThat(Rng.seeded(7).uniforms(10)).isNotEqualTo(Rng.seeded(8).uniforms(10));
    }

    @Test
    void pinsTheFirstDrawsOfSeedZero() {
        // Block 0 of stream 0 under key 0 is the first Random123 vector: 6627e8d5 e169c58d ...
        double expected = ((0x6627e8d5e169c58dL >>> 11) * 0x1.0p-53);
        assertThat(Rng.seeded(0).uniforms(1)[0]).isEqualTo(expected);
    }

    @Test
    void eachPairIsTheTransformOfItsCountersBlock() {
        for (int n : new int[] {1, 4, 513, 1025}) {
            Rng rng = Rng.seeded(0x123456789L).fork(n);
            rng.uniforms(6); // start at counter 3
            Rng.State at = rng.state();
            double[] u = rng.uniforms(n);
            double[] z = Rng.fromState(at).normals(n);
            float[] f = Rng.fromState(at).normalFloats(n);
            int[] block = new int[4];
            BoxMuller pair = new BoxMuller(1);
            for (int i = 0; i < n; i++) {
                long c = at.counter() + i / 2;
                Philox.block(
                        new int[] {
                            (int) c, (int) (c >>> 32), (int) at.stream(), (int) (at.stream() >>> 32)
                        },
                        (int) at.seed(),
                        (int) (at.seed() >>> 32),
                        block);
                pair.u1[0] = 1.0 - unit(block[0], block[1]);
                pair.u2[0] = unit(block[2], block[3]);
                pair.transform(1);
                double z0 = i % 2 == 0 ? pair.z0[0] : pair.z1[0];
                int w = 2 * (i % 2);
                assertThat(u[i])
                        .as("uniform %d of %d", i, n)
                        .isEqualTo(unit(block[w], block[w + 1]));
                assertThat(z[i]).as("normal %d of %d", i, n).isEqualTo(z0);
                assertThat(f[i]).isEqualTo((float) z0);
            }
        }
    }

    private static double unit(int hi, int lo) {
        return ((((long) hi << 32) | (lo & 0xFFFFFFFFL)) >>> 11) * 0x1.0p-53;
    }

    @Test
    void savedStateContinuesExactly() {
        Rng a = Rng.seeded(42);
        a.normals(17);
        Rng.State saved = a.state();
        double[] next = a.normals(50);
        assertThat(Rng.fromState(saved).normals(50)).containsExactly(next);
        assertThat(saved.counter()).isEqualTo(9);
    }

    @Test
    void forksAreDistinctRepeatableAndLeaveTheParentAlone() {
        Rng parent = Rng.seeded(3);
        Rng.State before = parent.state();
        double[] f1 = parent.fork(1).uniforms(8);
        assertThat(parent.state()).isEqualTo(before);
        assertThat(parent.fork(1).uniforms(8)).containsExactly(f1);
        assertThat(parent.fork(2).uniforms(8)).isNotEqualTo(f1);
        assertThat(parent.uniforms(8)).isNotEqualTo(f1);
        assertThat(parent.fork(1).fork(2).uniforms(4))
                .isNotEqualTo(parent.fork(2).fork(1).uniforms(4));
    }

    @Test
    void aLargeDrawComputedInPartsEqualsSmallDrawsInTurn() {
        Rng whole = Rng.seeded(13);
        Rng pieces = Rng.seeded(13);
        double[] big = whole.normals(200_001);
        double[] joined = new double[big.length];
        for (int at = 0; at < joined.length; at += 1000) {
            int len = Math.min(1000, joined.length - at);
            System.arraycopy(pieces.normals(len), 0, joined, at, len);
        }
        assertThat(big).containsExactly(joined);
        assertThat(whole.state()).isEqualTo(pieces.state());
    }

    @Test
    void drawsCutIntoPiecesOnAnyWorkerCountEqualOneThreadsDraws() {
        for (int n : new int[] {1, 2, 3, 7, 1000, 4097}) {
            for (int workers = 1; workers <= 4; workers++) {
                ParallelFor parallel = new ParallelFor(workers);
                Rng serial = Rng.seeded(n);
                Rng cut = Rng.seeded(n);
                assertThat(cut.uniforms(n, parallel, 1))
                        .containsExactly(serial.uniforms(n, new ParallelFor(1), Long.MAX_VALUE));
                assertThat(cut.normals(n, parallel, 1))
                        .containsExactly(serial.normals(n, new ParallelFor(1), Long.MAX_VALUE));
                assertThat(cut.state()).isEqualTo(serial.state());
            }
        }
    }

    @Test
    void normalsHaveMeanZeroAndUnitVariance() {
        double[] z = Rng.seeded(11).normals(200_000);
        double mean = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum() / z.length;
        long beyond3 = Arrays.stream(z).filter(v -> Math.abs(v) > 3).count();
        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(var).isCloseTo(1, within(0.01));
        // P(|Z| > 3) = 0.0027
        assertThat(beyond3 / (double) z.length).isCloseTo(0.0027, within(0.0005));
    }

    @Test
    void uniformsStayInTheUnitIntervalInBothPrecisions() {
        double[] u = Rng.seeded(5).uniforms(100_000);
        assertThat(Arrays.stream(u).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(u).max().orElseThrow()).isLessThan(1);
        assertThat(Arrays.stream(u).average().orElseThrow()).isCloseTo(0.5, within(0.005));
        float[] f = Rng.seeded(5).uniformFloats(100_000);
        for (int i = 0; i < f.length; i++) {
            assertThat(f[i]).isLessThan(1f);
        }
        assertThat(f[0]).isEqualTo((float) u[0]);
    }

    @Test
    void floatDrawsAreTheDoubleDrawsRounded() {
        double[] d = Rng.seeded(9).normals(33);
        float[] f = Rng.seeded(9).normalFloats(33);
        for (int i = 0; i < d.length; i++) {
            assertThat(f[i]).isEqualTo((float) d[i]);
        }
    }

    @Test
    void integersAreUniformOverTheirRange() {
        Rng rng = Rng.seeded(1);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[rng.nextInt(7)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_600, 10_400);
        }
        assertThatThrownBy(() -> rng.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void permutationsContainEveryIndexOnce() {
        int[] p = Rng.seeded(2).permutation(1000);
        assertThat(Arrays.stream(p).sorted().toArray())
                .containsExactly(java.util.stream.IntStream.range(0, 1000).toArray());
        assertThat(p).isNotEqualTo(java.util.stream.IntStream.range(0, 1000).toArray());
        assertThat(Rng.seeded(2).permutation(1000)).containsExactly(p);
        assertThat(Rng.seeded(2).permutation(0)).isEmpty();
    }
}
