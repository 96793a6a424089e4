package org.vae4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.GradCheck;
import org.vae4j.core.autograd.Variable;

/** Batch norm against its formulas, computed here on the host, in both modes. */
class BatchNormTest {
    private static final Backend B = ReferenceBackend.create();

    @AfterAll
    static void close() {
        B.close();
    }

    /** Channel c of an [n, 2, 3, 1] batch: values x[i] with stride. */
    private static double[] channel(double[] x, int n, int c) {
        double[] v = new double[n * 3];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 3; p++) {
                v[i * 3 + p] = x[(i * 2 + c) * 3 + p];
            }
        }
        return v;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double variance(double[] v, boolean unbiased) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return s / (v.length - (unbiased ? 1 : 0));
    }

    @Test
    void trainingNormalisesByTheBatchAndMovesTheRunningStatistics() {
        int n = 4;
        double[] x = Rng.seeded(3).uniforms(n * 2 * 3);
        for (int i = 0; i < x.length; i++) {
            x[i] = 5 * x[i] + (i / 3 % 2 == 0 ? 2 : -7);
        }
        try (BatchNorm2d bn = new BatchNorm2d(Init.on(B, DType.FLOAT64, Rng.seeded(1)), 2)) {
            Variable in = Variable.constant(B.fromDoubles(x, Shape.of(n, 2, 3, 1)));
            double[] y = bn.forward(in).value().toDoubles();
            Map<String, Tensor> state = bn.stateDict();
            for (int c = 0; c < 2; c++) {
                double[] v = channel(x, n, c);
                double[] out = channel(y, n, c);
                for (int i = 0; i < v.length; i++) {
                    double expected = (v[i] - mean(v)) / Math.sqrt(variance(v, false) + 1e-5);
                    assertThat(out[i]).isCloseTo(expected, within(1e-12));
                }
                assertThat(state.get("runningMean").toDoubles()[c])
                        .isCloseTo(0.1 * mean(v), within(1e-12));
                assertThat(state.get("runningVar").toDoubles()[c])
                        .isCloseTo(0.9 + 0.1 * variance(v, true), within(1e-12));
            }
            assertThat(state.keySet())
                    .containsExactly("weight", "bias", "runningMean", "runningVar");
            assertThat(bn.namedParameters().keySet()).containsExactly("weight", "bias");

            try (var eval = bn.evaluation()) {
                double[] z = bn.forward(in).value().toDoubles();
                double rm = state.get("runningMean").toDoubles()[0];
                double rv = state.get("runningVar").toDoubles()[0];
                assertThat(z[0]).isCloseTo((x[0] - rm) / Math.sqrt(rv + 1e-5), within(1e-12));
                assertThat(bn.isTraining()).isFalse();
            }
            assertThat(bn.isTraining()).isTrue();
        }
    }

    @Test
    void trainingGradientsMatchFiniteDifferences() {
        Init init = Init.on(B, DType.FLOAT64, Rng.seeded(1));
        try (BatchNorm2d conv = new BatchNorm2d(init, 2);
                BatchNorm1d dense = new BatchNorm1d(init, 3)) {
            assertGradientsMatch(conv, Shape.of(4, 2, 3, 1), 2);
            assertGradientsMatch(dense, Shape.of(5, 3), 3);
        }
    }

    /** The gradients of the input, weight and bias against central differences. */
    private static void assertGradientsMatch(BatchNorm bn, Shape in, int channels) {
        Rng rng = Rng.seeded(7);
        double[] x = rng.uniforms((int) in.size());
        for (int i = 0; i < x.length; i++) {
            x[i] = 4 * x[i] - 1;
        }
        Parameter weight = bn.namedParameters().get("weight");
        Parameter bias = bn.namedParameters().get("bias");
        B.assign(weight.value(), B.fromDoubles(rng.uniforms(channels), Shape.of(channels)));
        B.assign(bias.value(), B.fromDoubles(rng.uniforms(channels), Shape.of(channels)));
        Variable leaf = Variable.leaf(B.fromDoubles(x, in), "x");
        GradCheck.Result r =
                GradCheck.checkLeaves(
                        () -> bn.forward(leaf),
                        List.of(leaf, weight.variable(), bias.variable()),
                        1e-7,
                        1e-5);
        assertThat(r.passed()).as(r.detail()).isTrue();
    }

    @Test
    void theStateDictCarriesTheBuffersAcrossModules() {
        Init init = Init.on(B, DType.FLOAT64, Rng.seeded(1));
        try (BatchNorm1d a = new BatchNorm1d(init, 3);
                BatchNorm1d b = new BatchNorm1d(init, 3)) {
            a.forward(Variable.constant(B.fromDoubles(Rng.seeded(2).uniforms(12), Shape.of(4, 3))));
            b.loadStateDict(a.stateDict());
            assertThat(b.stateDict().get("runningMean").toDoubles())
                    .containsExactly(a.stateDict().get("runningMean").toDoubles());
            assertThatThrownBy(
                            () ->
                                    a.forward(
                                            Variable.constant(
                                                    B.zeros(Shape.of(2, 4), DType.FLOAT64))))
                    .hasMessageContaining("BatchNorm1d(3) got input of shape [2, 4]");
        }
    }
}
