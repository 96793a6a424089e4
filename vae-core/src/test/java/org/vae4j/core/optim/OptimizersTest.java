package org.vae4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Parameter;

/** Each optimizer against its update rule computed by hand in Java, on f(w) = sum((w - t)^2). */
class OptimizersTest {
    private static final Backend B = ReferenceBackend.create();
    private static final double[] TARGET = {1.0, -2.0, 0.5};

    @AfterAll
    static void close() {
        B.close();
    }

    private static Map<String, Parameter> oneParameter() {
        Init init = Init.on(B, DType.FLOAT64, Rng.seeded(3));
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("w", init.uniform("w", Shape.of(3), 1));
        return m;
    }

    private static Gradients gradients(Parameter w) {
        Variable t = Variable.constant(B.fromDoubles(TARGET, Shape.of(3)));
        return w.variable().sub(t).square().sumAll().backward();
    }

    /** Runs {@code steps} optimizer steps and the same steps by hand; compares the weights. */
    private static void matches(
            java.util.function.Function<Map<String, Parameter>, Optimizer> make,
            BiFunction<double[], double[], double[]> byHand,
            int steps) {
        Map<String, Parameter> params = oneParameter();
        Parameter w = params.get("w");
        double[] expected = w.value().toDoubles();
        try (Optimizer opt = make.apply(params)) {
            for (int s = 0; s < steps; s++) {
                double[] g = new double[3];
                for (int i = 0; i < 3; i++) {
                    g[i] = 2 * (expected[i] - TARGET[i]);
                }
                expected = byHand.apply(expected, g);
                opt.step(gradients(w));
            }
            assertThat(opt.stepCount()).isEqualTo(steps);
        }
        assertThat(w.value().toDoubles()).containsExactly(expected, within(1e-12));
    }

    @Test
    void adamFollowsKingmaAndBa() {
        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] m = new double[3];
        double[] v = new double[3];
        int[] t = {0};
        matches(
                p -> new Adam(p, lr),
                (w, g) -> {
                    t[0]++;
                    double[] out = w.clone();
                    for (int i = 0; i < 3; i++) {
                        m[i] = b1 * m[i] + (1 - b1) * g[i];
                        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                        double mh = m[i] / (1 - Math.pow(b1, t[0]));
                        double vh = v[i] / (1 - Math.pow(b2, t[0]));
                        out[i] -= lr * mh / (Math.sqrt(vh) + eps);
                    }
                    return out;
                },
                5);
    }

    @Test
    void adagradAccumulatesSquares() {
        double lr = 0.5;
        double[] sum = new double[3];
        matches(
                p -> new Adagrad(p, lr),
                (w, g) -> {
                    double[] out = w.clone();
                    for (int i = 0; i < 3; i++) {
                        sum[i] += g[i] * g[i];
                        out[i] -= lr * g[i] / (Math.sqrt(sum[i]) + 1e-10);
                    }
                    return out;
                },
                4);
    }

    @Test
    void sgdWithNesterovMomentum() {
        double lr = 0.05;
        double mu = 0.9;
        double[] buf = new double[3];
        matches(
                p -> new Sgd(p, lr, mu, true),
                (w, g) -> {
                    double[] out = w.clone();
                    for (int i = 0; i < 3; i++) {
                        buf[i] = mu * buf[i] + g[i];
                        out[i] -= lr * (g[i] + mu * buf[i]);
                    }
                    return out;
                },
                4);
    }

    @Test
    void clippingScalesTheGlobalNorm() {
        Map<String, Parameter> params = oneParameter();
        Parameter w = params.get("w");
        double[] before = w.value().toDoubles();
        Gradients g = gradients(w);
        double norm = GradClip.globalNorm(java.util.List.of(g.get(w.variable()).value()));
        try (Sgd sgd = new Sgd(params, 1.0)) {
            sgd.setClipNorm(norm / 4);
            sgd.step(g);
        }
        double[] after = w.value().toDoubles();
        double moved = 0;
        for (int i = 0; i < 3; i++) {
            moved += (after[i] - before[i]) * (after[i] - before[i]);
        }
        assertThat(Math.sqrt(moved)).isCloseTo(norm / 4, within(1e-12));
    }

    @Test
    void savedStateContinuesExactly() {
        Map<String, Parameter> a = oneParameter();
        Map<String, Parameter> b = oneParameter();
        try (Adam first = new Adam(a, 0.1);
                Adam second = new Adam(b, 0.1)) {
            first.step(gradients(a.get("w")));
            first.step(gradients(a.get("w")));
            b.get("w").value().backend().assign(b.get("w").value(), a.get("w").value());
            second.loadState(first.state(), first.stepCount());
            first.step(gradients(a.get("w")));
            second.step(gradients(b.get("w")));
            assertThat(second.state().keySet()).containsExactly("m.w", "v.w");
        }
        assertThat(b.get("w").value().toDoubles()).containsExactly(a.get("w").value().toDoubles());
    }

    @Test
    void gradientsGivenByNameStepAsABackwardPassDoes() {
        Map<String, Parameter> byPass = oneParameter();
        Map<String, Parameter> byName = oneParameter();
        try (Optimizer a = new Adam(byPass, 0.1);
                Optimizer b = new Adam(byName, 0.1)) {
            for (int s = 0; s < 3; s++) {
                a.step(gradients(byPass.get("w")));
                Gradients g = gradients(byName.get("w"));
                b.step(Map.of("w", g.get(byName.get("w").variable()).value()));
            }
            assertThat(b.stepCount()).isEqualTo(3);
            assertThat(byName.get("w").value().toDoubles())
                    .containsExactly(byPass.get("w").value().toDoubles());
            assertThatThrownBy(() -> b.step(Map.of("v", B.zeros(Shape.of(3), DType.FLOAT64))))
                    .hasMessage(
                            "The gradients give parameter 'w' no value, but it has shape "
                                    + Shape.of(3));
        }
    }

    @Test
    void badHyperParametersAreNamed() {
        assertThatThrownBy(() -> new Adam(oneParameter(), -1))
                .hasMessageContaining("learning rate must be positive");
        assertThatThrownBy(() -> new Adam(oneParameter(), 1e-3, 1.0, 0.999, 1e-8, 0))
                .hasMessageContaining("beta1 must be in [0, 1)");
        assertThatThrownBy(() -> new Sgd(oneParameter(), 0.1, 1.5, false))
                .hasMessageContaining("momentum");
    }

    @Test
    void schedules() {
        assertThat(LrSchedule.constant().rate(0.1, 7)).isEqualTo(0.1);
        assertThat(LrSchedule.step(2, 0.5).rate(1, 5)).isEqualTo(0.25);
        assertThat(LrSchedule.cosine(10, 1e-4).rate(1, 0)).isEqualTo(1);
        assertThat(LrSchedule.cosine(10, 1e-4).rate(1, 10)).isCloseTo(1e-4, within(1e-15));
    }
}
