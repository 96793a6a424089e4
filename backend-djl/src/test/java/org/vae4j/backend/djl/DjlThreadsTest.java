package org.vae4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/** Each op's thread count by its work, and the switch between counts from op to op. */
class DjlThreadsTest {

    @Test
    void productsFromTheThresholdGetTheirThreadsAndEverythingElseTheOthers() {
        DjlThreads t = new DjlThreads(1, 3, 1000);
        assertThat(t.forWork(0)).as("not a product").isEqualTo(1);
        assertThat(t.forWork(999)).isEqualTo(1);
        assertThat(t.forWork(1000)).isEqualTo(3);
        assertThat(new DjlThreads(2, 4, 0).forWork(1)).isEqualTo(4);
        assertThat(new DjlThreads(2, 4, 0).forWork(0)).isEqualTo(2);
    }

    @Test
    void countsBelowOneAreRefused() {
        assertThatThrownBy(() -> new DjlThreads(0, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "djl threads must be at least 1 and the work threshold at least 0, got 0,"
                                + " 2, 0");
    }

    @Test
    void theCallingThreadRunsEachOpWithItsCount() {
        // [4, 8] x [8, 5]: 160 multiply-adds; [2, 3] x [3, 2]: 12
        try (Backend backend = new DjlBackendProvider(new DjlThreads(1, 2, 100)).open(Device.CPU)) {
            Tensor a = backend.fromFloats(new float[32], Shape.of(4, 8));
            Tensor b = backend.fromFloats(new float[40], Shape.of(8, 5));
            Tensor c = backend.fromFloats(new float[6], Shape.of(2, 3));
            Tensor d = backend.fromFloats(new float[6], Shape.of(3, 2));
            backend.matmul(a, b, false, false).close();
            assertThat(JniUtils.getNumThreads()).as("after a large product").isEqualTo(2);
            backend.unary(Op.EXP, a).close();
            assertThat(JniUtils.getNumThreads()).as("after an elementwise op").isEqualTo(1);
            backend.matmul(a, b, false, false).close();
            backend.matmul(c, d, false, false).close();
            assertThat(JniUtils.getNumThreads()).as("after a small product").isEqualTo(1);
        }
    }
}
