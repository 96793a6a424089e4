package org.vae4j.examples.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.optim.Adam;

/**
 * The same seeded model, data and random stream trained on nd4j and on djl: the gradients at the
 * first step and the loss after 200 Adam steps must agree. Random numbers come from vae4j's own
 * Philox stream on the host, so both backends see identical noise.
 */
class BackendParityTest {
    private static final MlpVaeConfig MODEL =
            new MlpVaeConfig(64, 8, new int[] {32}, Activation.RELU, "bernoulli");
    private static final int STEPS = 200;
    private static final int BATCH = 32;

    /** What one backend computed. */
    private record Trace(Map<String, double[]> firstGradients, double[] losses) {}

    private static Trace train(String backendName, DType dtype) {
        return train(MODEL, STEPS, backendName, dtype);
    }

    private static Trace train(ModelConfig model, int steps, String backendName, DType dtype) {
        int features = model.features();
        try (Backend b = Backends.open(backendName, Device.CPU);
                Vae vae = model.build(Init.on(b, dtype, Rng.seeded(1)));
                Adam adam = new Adam(vae.namedParameters(), 1e-3)) {
            Rng data = Rng.seeded(2);
            Rng noise = Rng.seeded(3);
            Map<String, double[]> first = new LinkedHashMap<>();
            double[] losses = new double[steps];
            for (int step = 0; step < steps; step++) {
                try (Scope scope = b.openScope()) {
                    double[] u = data.uniforms(BATCH * features);
                    Tensor x = b.cast(b.fromDoubles(u, Shape.of(BATCH, features)), dtype);
                    Variable loss =
                            Elbo.standard().compute(vae, Variable.constant(x), noise, 0).loss();
                    losses[step] = loss.item();
                    Gradients g = loss.backward();
                    if (step == 0) {
                        for (Map.Entry<String, Parameter> e : vae.namedParameters().entrySet()) {
                            first.put(
                                    e.getKey(), g.get(e.getValue().variable()).value().toDoubles());
                        }
                    }
                    adam.step(g);
                }
            }
            return new Trace(first, losses);
        }
    }

    @Test
    void float64TrainingAgreesToTheFourthDigitAfter200StepsAndGradientsToTheSixth() {
        Trace nd4j = train("nd4j", DType.FLOAT64);
        Trace djl = train("djl", DType.FLOAT64);
        for (String name : nd4j.firstGradients().keySet()) {
            double[] a = nd4j.firstGradients().get(name);
            double[] c = djl.firstGradients().get(name);
            for (int i = 0; i < a.length; i++) {
                assertThat(Math.abs(a[i] - c[i])).as("%s[%d]", name, i).isLessThan(1e-6);
            }
        }
        double last = nd4j.losses()[STEPS - 1];
        double relative = Math.abs(last - djl.losses()[STEPS - 1]) / Math.abs(last);
        System.out.printf(
                "float64 relative loss difference after %d steps: %.3g%n", STEPS, relative);
        assertThat(relative)
                .as("relative difference of the loss after %d steps", STEPS)
                .isLessThan(1e-4);
        assertThat(last).isLessThan(nd4j.losses()[0]);
    }

    @Test
    void aConvolutionalVaeTrainsToTheSameNumbersInFloat64() {
        ConvVaeConfig conv =
                new ConvVaeConfig(
                        1, 10, 9, new int[] {4, 6}, 4, 16, 3, Activation.RELU, "bernoulli");
        int steps = 40;
        Trace nd4j = train(conv, steps, "nd4j", DType.FLOAT64);
        Trace djl = train(conv, steps, "djl", DType.FLOAT64);
        for (String name : nd4j.firstGradients().keySet()) {
            double[] a = nd4j.firstGradients().get(name);
            double[] c = djl.firstGradients().get(name);
            for (int i = 0; i < a.length; i++) {
                assertThat(Math.abs(a[i] - c[i])).as("%s[%d]", name, i).isLessThan(1e-9);
            }
        }
        double last = nd4j.losses()[steps - 1];
        assertThat(Math.abs(last - djl.losses()[steps - 1]) / Math.abs(last)).isLessThan(1e-9);
        assertThat(last).isLessThan(nd4j.losses()[0]);
    }

    @Test
    void float32TrainingAgreesClosely() {
        Trace nd4j = train("nd4j", DType.FLOAT32);
        Trace djl = train("djl", DType.FLOAT32);
        double last = nd4j.losses()[STEPS - 1];
        double relative = Math.abs(last - djl.losses()[STEPS - 1]) / Math.abs(last);
        System.out.printf(
                "float32 relative loss difference after %d steps: %.3g%n", STEPS, relative);
        assertThat(relative).isLessThan(1e-3);
    }
}
