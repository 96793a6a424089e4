package org.vae4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Conv2dSpec;
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
        // [4, 8] x [8, 5]: 160 multiply-adds; [2, 3] x [3, 2]: 12; the convolution 4 x 4 x 4 x 9
        try (Backend backend =
                new DjlBackendProvider(new DjlThreads(1, 2, 100), null).open(Device.CPU)) {
            Tensor a = backend.fromFloats(new float[32], Shape.of(4, 8));
            Tensor b = backend.fromFloats(new float[40], Shape.of(8, 5));
            Tensor c = backend.fromFloats(new float[6], Shape.of(2, 3));
            Tensor d = backend.fromFloats(new float[6], Shape.of(3, 2));
            Tensor image = backend.fromFloats(new float[36], Shape.of(1, 1, 6, 6));
            Tensor kernel = backend.fromFloats(new float[36], Shape.of(4, 1, 3, 3));
            backend.matmul(a, b, false, false).close();
            assertThat(JniUtils.getNumThreads())
                    .as("a large product on OpenBLAS before PyTorch ran threads")
                    .isEqualTo(1);
            backend.conv2d(image, kernel, Conv2dSpec.DEFAULT).close();
            assertThat(JniUtils.getNumThreads()).as("after a large convolution").isEqualTo(2);
            backend.unary(Op.EXP, a).close();
            assertThat(JniUtils.getNumThreads()).as("after an elementwise op").isEqualTo(1);
            backend.matmul(a, b, false, false).close();
            assertThat(JniUtils.getNumThreads())
                    .as("a large product on PyTorch's threads once they ran")
                    .isEqualTo(2);
            backend.matmul(c, d, false, false).close();
            assertThat(JniUtils.getNumThreads()).as("after a small product").isEqualTo(1);
        }
    }
}
