package org.vae4j.examples.programs;

import java.util.Locale;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.ProviderStatus;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.objectives.Elbo;

/**
 * Chooses a backend in code: lists what discovery found, opens the one named by the first argument
 * (or the default one), and computes the ELBO of a fresh model on it. The same code runs on every
 * backend; only the name changes.
 */
public final class ChooseBackend {
    private ChooseBackend() {}

    /**
     * Argument: a backend name such as {@code nd4j} or {@code djl} (default: discovery's choice).
     */
    public static void main(String[] args) {
        for (ProviderStatus status : Backends.providers()) {
            System.out.println(status.describe());
        }
        String name = args.length > 0 ? args[0] : null;
        try (Backend backend = Backends.open(name, Device.CPU);
                Vae vae =
                        MlpVaeConfig.pytorchExample()
                                .build(Init.on(backend, DType.FLOAT32, Rng.seeded(1)));
                NoGrad off = NoGrad.enter()) {
            Variable x =
                    Variable.constant(
                            Rng.seeded(2).uniform(backend, Shape.of(16, 784), DType.FLOAT32));
            double loss = Elbo.standard().compute(vae, x, Rng.seeded(3), 0).loss().item();
            System.out.printf(
                    Locale.ROOT,
                    "%s on %s: negative ELBO of an untrained model on noise = %.2f nats%n",
                    backend.name(),
                    backend.device(),
                    loss);
        }
    }
}
