package org.vae4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;

/** Each initialisation scheme's fans, bounds, means and variances, on dense and conv layers. */
class InitSchemeTest {
    private static final Backend B = ReferenceBackend.create();

    @AfterAll
    static void close() {
        B.close();
    }

    private static Init init(InitScheme scheme) {
        return Init.on(B, DType.FLOAT64, Rng.seeded(11)).with(scheme);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double meanSquare(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return s / v.length;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    /** Checks zero mean (within 4 standard errors) and the second moment within 3%. */
    private static void assertMoments(double[] w, double variance) {
        assertThat(mean(w)).isCloseTo(0, within(4 * Math.sqrt(variance / w.length)));
        assertThat(meanSquare(w) / variance).isCloseTo(1, within(0.03));
    }

    @Test
    void fansCountTheKernelAreaAsPyTorchDoes() {
        assertThat(InitScheme.fanIn(Shape.of(200, 784))).isEqualTo(784);
        assertThat(InitScheme.fanOut(Shape.of(200, 784))).isEqualTo(200);
        // Conv2d weight [out, in, k, k]
        assertThat(InitScheme.fanIn(Shape.of(32, 3, 5, 5))).isEqualTo(75);
        assertThat(InitScheme.fanOut(Shape.of(32, 3, 5, 5))).isEqualTo(800);
        // ConvTranspose2d weight [in, out, k, k]: PyTorch reads fan-in from the second axis
        assertThat(InitScheme.fanIn(Shape.of(64, 32, 4, 4))).isEqualTo(512);
        assertThat(InitScheme.fanOut(Shape.of(64, 32, 4, 4))).isEqualTo(1024);
        assertThatThrownBy(() -> InitScheme.fanIn(Shape.of(7))).hasMessageContaining("rank 2");
    }

    @Test
    void torchIsTheDefaultAndDrawsWhatTheLayersAlwaysDrew() {
        try (Linear fc = new Linear(Init.on(B, DType.FLOAT64, Rng.seeded(3)), 30, 20)) {
            assertDrawnAsBefore(fc);
        }
    }

    private static void assertDrawnAsBefore(Linear fc) {
        Rng same = Rng.seeded(3);
        double bound = 1 / Math.sqrt(30);
        double[] w = same.uniforms(600);
        double[] b = same.uniforms(20);
        double[] gotW = fc.weight().value().toDoubles();
        double[] gotB = fc.bias().value().toDoubles();
        for (int i = 0; i < w.length; i++) {
            assertThat(gotW[i]).isEqualTo((2 * w[i] - 1) * bound);
        }
        for (int i = 0; i < b.length; i++) {
            assertThat(gotB[i]).isEqualTo((2 * b[i] - 1) * bound);
        }
    }

    @Test
    void torchDenseWeightsHaveVarianceOneThirdOverFanIn() {
        try (Linear fc = new Linear(init(InitScheme.TORCH), 300, 200)) {
            double[] w = fc.weight().value().toDoubles();
            assertThat(maxAbs(w)).isLessThanOrEqualTo(1 / Math.sqrt(300));
            assertMoments(w, 1.0 / (3 * 300));
            assertThat(maxAbs(fc.bias().value().toDoubles())).isPositive();
        }
    }

    @Test
    void glorotDenseWeightsAreUniformOverTheSumOfFansWithZeroBiases() {
        try (Linear fc = new Linear(init(InitScheme.GLOROT), 300, 200)) {
            double bound = Math.sqrt(6.0 / 500);
            double[] w = fc.weight().value().toDoubles();
            assertThat(maxAbs(w)).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
            assertMoments(w, bound * bound / 3);
            assertThat(fc.bias().value().toDoubles()).containsOnly(0.0);
        }
    }

    @Test
    void heDenseWeightsAreNormalWithVarianceTwoOverFanInAndZeroBiases() {
        try (Linear fc = new Linear(init(InitScheme.HE), 300, 200)) {
            double std = Math.sqrt(2.0 / 300);
            double[] w = fc.weight().value().toDoubles();
            assertMoments(w, std * std);
            int inside = 0;
            for (double d : w) {
                inside += Math.abs(d) < std ? 1 : 0;
            }
            assertThat((double) inside / w.length).isCloseTo(0.6827, within(0.01));
            assertThat(maxAbs(w)).isGreaterThan(3.5 * std);
            assertThat(fc.bias().value().toDoubles()).containsOnly(0.0);
        }
    }

    @Test
    void convolutionsTakeTheirFansFromTheWeightShape() {
        Conv2dSpec spec = Conv2dSpec.of(2, 1);
        // Conv2d 16 -> 48, k 5: fanIn 400, fanOut 1200
        try (Conv2d conv = new Conv2d(init(InitScheme.GLOROT), 16, 48, 5, spec)) {
            double bound = Math.sqrt(6.0 / (400 + 1200));
            double[] w = conv.weight().value().toDoubles();
            assertThat(maxAbs(w)).isLessThanOrEqualTo(bound);
            assertMoments(w, bound * bound / 3);
            assertThat(conv.bias().value().toDoubles()).containsOnly(0.0);
        }
        try (Conv2d conv = new Conv2d(init(InitScheme.HE), 16, 48, 5, spec)) {
            assertMoments(conv.weight().value().toDoubles(), 2.0 / 400);
        }
        // ConvTranspose2d 48 -> 16, k 5: weight [48, 16, 5, 5], fanIn 400, fanOut 1200
        try (ConvTranspose2d deconv = new ConvTranspose2d(init(InitScheme.HE), 48, 16, 5, spec)) {
            assertMoments(deconv.weight().value().toDoubles(), 2.0 / 400);
            assertThat(deconv.bias().value().toDoubles()).containsOnly(0.0);
        }
        try (ConvTranspose2d deconv =
                new ConvTranspose2d(init(InitScheme.TORCH), 48, 16, 5, spec)) {
            double[] w = deconv.weight().value().toDoubles();
            assertThat(maxAbs(w)).isLessThanOrEqualTo(1 / Math.sqrt(400));
            assertMoments(w, 1.0 / (3 * 400));
        }
    }

    @Test
    void schemesParseByNameAndRefuseOthersInOneLine() {
        assertThat(InitScheme.parse(" Glorot ")).isEqualTo(InitScheme.GLOROT);
        assertThat(InitScheme.HE.cliName()).isEqualTo("he");
        assertThatThrownBy(() -> InitScheme.parse("xavier"))
                .hasMessage("Unknown initialisation 'xavier'; use torch, glorot or he");
    }
}
