package org.vae4j.examples.programs;

import java.nio.file.Path;
import java.util.Locale;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Mnist;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.StandardNormal;
import org.vae4j.core.model.Decoder;
import org.vae4j.core.model.GaussianMlpEncoder;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Mlp;
import org.vae4j.core.nn.Module;
import org.vae4j.core.nn.Parameter;
import org.vae4j.core.optim.Adam;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingResult;

/**
 * A decoder of one's own: a Gaussian likelihood whose mean is a sigmoid MLP of z and whose
 * log-variance is one learned parameter per pixel, shared by every example. Any {@link Module} that
 * implements {@link Decoder} plugs into a {@link Vae}; its parameters are trained and saved with
 * the rest.
 *
 * <p>Arguments: the MNIST directory (default {@code data/mnist}), the number of training images
 * (default all) and epochs (default 5).
 */
public final class LearnedVarianceDecoder extends Module implements Decoder {
    private final Mlp net;
    private final Parameter logVar;

    /** A decoder from {@code latent} to {@code features} values through {@code hidden} units. */
    public LearnedVarianceDecoder(Init init, int latent, int hidden, int features) {
        this.net = register("net", new Mlp(init, Activation.RELU, false, latent, hidden, features));
        this.logVar = register(init.constant("log_var", Shape.of(features), -2));
    }

    @Override
    public Distribution decode(Variable z) {
        Variable mean = net.forward(z).sigmoid();
        return new DiagonalGaussian(mean, logVar.variable().broadcastTo(mean.shape()));
    }

    /** Trains the VAE and prints the learned noise level. */
    public static void main(String[] args) {
        Path data = Path.of(args.length > 0 ? args[0] : "data/mnist");
        Mnist mnist = Mnist.load(data);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : mnist.train().size();
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (Backend backend = Backends.open()) {
            Init init = Init.on(backend, DType.FLOAT32, Rng.seeded(1));
            LearnedVarianceDecoder decoder = new LearnedVarianceDecoder(init, 20, 400, 784);
            GaussianMlpEncoder encoder =
                    new GaussianMlpEncoder(init, 784, new int[] {400}, 20, Activation.RELU);
            try (Vae vae =
                            new Vae(
                                    encoder,
                                    decoder,
                                    new StandardNormal(backend, DType.FLOAT32, 20));
                    Adam adam = new Adam(vae.namedParameters(), 1e-3)) {
                TrainingResult result =
                        Trainer.builder(vae, adam)
                                .epochs(epochs)
                                .build()
                                .fit(mnist.train().take(n), mnist.test().take(Math.min(n, 10_000)));
                double[] lv = decoder.logVar.value().toDoubles();
                double mean = 0;
                for (double v : lv) {
                    mean += v / lv.length;
                }
                System.out.printf(
                        Locale.ROOT,
                        "after %d epochs: test loss %.2f nats, mean learned log-variance %.3f%n",
                        result.last().epoch(),
                        result.last().testLoss(),
                        mean);
            }
        }
    }
}
