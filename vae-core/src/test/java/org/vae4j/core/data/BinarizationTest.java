package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;

class BinarizationTest {
    private static final Backend B = ReferenceBackend.create();
    private static final int N = 50;
    private static final int F = 40;

    @AfterAll
    static void close() {
        B.close();
    }

    /** Grey values 0..255 cycling, so every row has 0s, 1s and values in between. */
    private static Dataset grey() {
        byte[] px = new byte[N * F];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37 % 256);
        }
        int[] labels = new int[N];
        return Dataset.ofUnsignedBytes(px, N, F, labels);
    }

    private static int[] all() {
        int[] idx = new int[N];
        for (int i = 0; i < N; i++) {
            idx[i] = i;
        }
        return idx;
    }

    private static void assertBinary(float[] x) {
        for (float v : x) {
            assertThat(v).isIn(0f, 1f);
        }
    }

    @Test
    void parse() {
        assertThat(Binarization.parse("none")).isEqualTo(Binarization.NONE);
        assertThat(Binarization.parse(" Static ")).isEqualTo(Binarization.STATIC);
        assertThat(Binarization.parse("DYNAMIC")).isEqualTo(Binarization.DYNAMIC);
        assertThat(Binarization.DYNAMIC.toString()).isEqualTo("dynamic");
        assertThatThrownBy(() -> Binarization.parse("sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown binarization 'sometimes'; use none, static or dynamic");
    }

    @Test
    void noneIsIdentity() {
        Dataset d = grey();
        Rng rng = Rng.seeded(1);
        assertThat(Binarization.NONE.prepare(d, rng)).isSameAs(d);
        float[] x = d.gather(all());
        Binarization.NONE.apply(x, rng);
        assertThat(x).containsExactly(d.gather(all()));
        assertThat(rng.state()).isEqualTo(Rng.seeded(1).state());
    }

    @Test
    void staticSamplesOnceWhenPrepared() {
        Dataset d = grey();
        Dataset once = Binarization.STATIC.prepare(d, Rng.seeded(5));
        float[] x = once.gather(all());
        assertBinary(x);
        assertThat(once.labels()).isPresent();
        // the same seed gives the same sample, another seed another
        assertThat(Binarization.STATIC.prepare(d, Rng.seeded(5)).checksum())
                .isEqualTo(once.checksum());
        assertThat(Binarization.STATIC.prepare(d, Rng.seeded(6)).checksum())
                .isNotEqualTo(once.checksum());
        // applying to batches changes nothing: the data stays fixed for the run
        float[] y = once.gather(all());
        Binarization.STATIC.apply(y, Rng.seeded(9));
        assertThat(y).containsExactly(x);
        // 0 stays 0, 1 stays 1, and the mean follows the grey values
        float[] g = d.gather(all());
        double greyMean = 0;
        double binMean = 0;
        for (int i = 0; i < g.length; i++) {
            if (g[i] == 0f || g[i] == 1f) {
                assertThat(x[i]).isEqualTo(g[i]);
            }
            greyMean += g[i];
            binMean += x[i];
        }
        assertThat(binMean / g.length).isCloseTo(greyMean / g.length, offset(0.05));
    }

    @Test
    void dynamicSamplesEachBatchAfresh() {
        Dataset d = grey();
        assertThat(Binarization.DYNAMIC.prepare(d, Rng.seeded(1))).isSameAs(d);
        Rng rng = Rng.seeded(3);
        float[] a = d.gather(all());
        float[] b = d.gather(all());
        Binarization.DYNAMIC.apply(a, rng);
        Binarization.DYNAMIC.apply(b, rng);
        assertBinary(a);
        assertBinary(b);
        assertThat(a).isNotEqualTo(b);
        float[] again = d.gather(all());
        Binarization.DYNAMIC.apply(again, Rng.seeded(3));
        assertThat(again).containsExactly(a);
    }

    @Test
    void batchTensorMatchesApply() {
        Dataset d = grey();
        int[] idx = {4, 1, 2};
        float[] expected = d.gather(idx);
        Binarization.DYNAMIC.apply(expected, Rng.seeded(11));
        try (Tensor t = Binarization.DYNAMIC.rows(d, idx, DType.FLOAT32, Rng.seeded(11)).tensor(B);
                Tensor u =
                        Binarization.DYNAMIC.rows(d, idx, DType.FLOAT64, Rng.seeded(11)).tensor(B);
                Tensor v =
                        Binarization.NONE.rows(d, idx, DType.FLOAT32, Rng.seeded(11)).tensor(B)) {
            assertThat(t.toFloats()).containsExactly(expected);
            assertThat(u.toFloats()).containsExactly(expected);
            assertThat(v.toFloats()).containsExactly(d.gather(idx));
        }
    }
}
