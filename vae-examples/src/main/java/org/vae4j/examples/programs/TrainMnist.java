package org.vae4j.examples.programs;

import java.nio.file.Path;
import java.util.Locale;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.data.Mnist;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.eval.LogLikelihood;
import org.vae4j.core.eval.Progress;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Adam;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingControl;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.TrainingResult;

/**
 * Trains the pytorch/examples VAE on MNIST with the library alone, then estimates the test
 * log-likelihood by importance sampling. Run it with the MNIST directory as its argument (default
 * {@code data/mnist}).
 */
public final class TrainMnist {
    private TrainMnist() {}

    /** Trains, printing the losses of each epoch, then estimates log p(x). */
    public static void main(String[] args) {
        Mnist mnist = Mnist.load(Path.of(args.length > 0 ? args[0] : "data/mnist"));
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : mnist.train().size();
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        try (Backend backend = Backends.open();
                Vae vae =
                        MlpVaeConfig.pytorchExample()
                                .build(Init.on(backend, DType.FLOAT32, Rng.seeded(1)));
                Adam adam = new Adam(vae.namedParameters(), 1e-3)) {
            TrainingListener print =
                    new TrainingListener() {
                        @Override
                        public void onEpochEnd(EpochMetrics m, TrainingControl control) {
                            System.out.printf(
                                    Locale.ROOT,
                                    "epoch %d: train %.2f, test %.2f nats%n",
                                    m.epoch(),
                                    m.trainLoss(),
                                    m.testLoss());
                        }
                    };
            TrainingResult result =
                    Trainer.builder(vae, adam)
                            .epochs(epochs)
                            .seed(1)
                            .listener(print)
                            .build()
                            .fit(mnist.train().take(n), mnist.test());
            LogLikelihood ll =
                    Evaluator.logLikelihood(
                            vae, mnist.test().take(1000), k, Rng.seeded(2), Progress.NONE);
            System.out.printf(
                    Locale.ROOT,
                    "after %d epochs: log p(x) = %.2f +- %.2f nats on 1000 test images%n",
                    result.last().epoch(),
                    ll.mean(),
                    ll.standardError());
        }
    }
}
