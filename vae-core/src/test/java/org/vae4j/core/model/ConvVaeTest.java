package org.vae4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/** The convolutional VAE's shapes, parameters and errors. */
class ConvVaeTest {
    private static final Backend B = ReferenceBackend.create();

    @AfterAll
    static void close() {
        B.close();
    }

    private static Init init() {
        return Init.on(B, DType.FLOAT64, Rng.seeded(1));
    }

    private static Variable rows(int n, int features) {
        return Variable.constant(
                B.fromDoubles(Rng.seeded(2).uniforms(n * features), Shape.of(n, features)));
    }

    @Test
    void theMnistDefaultHasPyTorchsLayersAndParameterCount() {
        ConvVaeConfig c = ConvVaeConfig.mnist();
        assertThat(c.sizes()).isEqualTo(new int[][] {{28, 14, 7}, {28, 14, 7}});
        assertThat(c.flatSize()).isEqualTo(64 * 7 * 7);
        try (Vae vae = c.build(init())) {
            // The same layers in PyTorch: Conv2d(1,32,4), Conv2d(32,64,4), Linear(3136,256),
            // 2 x Linear(256,16); Linear(16,256), Linear(256,3136), ConvTranspose2d(64,32,4),
            // ConvTranspose2d(32,1,4); weights and biases.
            long expected =
                    (16 * 32 + 32)
                            + (32 * 64 * 16 + 64)
                            + (3136 * 256 + 256)
                            + 2 * (256 * 16 + 16)
                            + (16 * 256 + 256)
                            + (256 * 3136 + 3136)
                            + (64 * 32 * 16 + 32)
                            + (32 * 16 + 1);
            assertThat(vae.parameterCount()).isEqualTo(expected);
            assertThat(vae.namedParameters()).containsKey("encoder.conv1.weight");
            assertThat(vae.namedParameters().get("decoder.deconv0.weight").value().shape())
                    .isEqualTo(Shape.of(64, 32, 4, 4));
        }
    }

    @Test
    void oddColourImagesComeBackInTheirOwnSizeWithEveryParameterPerPixel() {
        ConvVaeConfig c =
                new ConvVaeConfig(3, 9, 7, new int[] {2, 3}, 3, 5, 2, Activation.TANH, "gaussian");
        assertThat(c.sizes()).isEqualTo(new int[][] {{9, 5, 3}, {7, 4, 2}});
        try (Vae vae = c.build(init())) {
            DiagonalGaussian q = (DiagonalGaussian) vae.encoder().encode(rows(2, 3 * 9 * 7));
            assertThat(q.mean().shape()).isEqualTo(Shape.of(2, 2));
            Variable z = Variable.constant(B.fromDoubles(new double[12], Shape.of(3, 2, 2)));
            Variable raw = ((ConvDecoder) vae.decoder()).raw(z, null);
            assertThat(raw.shape()).isEqualTo(Shape.of(3, 2, 2 * 3 * 9 * 7));
        }
    }

    @Test
    void anImageTooSmallForTheConvolutionsIsOneLine() {
        assertThatThrownBy(
                        () ->
                                new ConvVaeConfig(
                                        1,
                                        3,
                                        28,
                                        new int[] {8, 8, 8},
                                        4,
                                        8,
                                        2,
                                        Activation.RELU,
                                        "bernoulli"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3x28 image is too small for 3 stride-2 convolutions");
        assertThatThrownBy(() -> ConvVaeTest.encodeWrongSize())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its last axis must be 784");
    }

    private static void encodeWrongSize() {
        try (Vae vae = ConvVaeConfig.mnist().build(init())) {
            vae.encoder().encode(rows(1, 780));
        }
    }
}
