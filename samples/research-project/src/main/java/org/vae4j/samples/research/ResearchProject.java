package org.vae4j.samples.research;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.onnx.OnnxRunner;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.data.Batching;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.Mnist;
import org.vae4j.core.distributions.StandardNormal;
import org.vae4j.core.eval.ElboReport;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.eval.LogLikelihood;
import org.vae4j.core.eval.Progress;
import org.vae4j.core.export.Exporters;
import org.vae4j.core.io.HostArray;
import org.vae4j.core.io.Safetensors;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.objectives.LossTerms;
import org.vae4j.core.objectives.Objective;
import org.vae4j.core.optim.Adam;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingControl;
import org.vae4j.core.train.TrainingListener;

/**
 * The walk-through of docs/USING.md as one program: a VAE built from the encoder and decoder of
 * this project, trained with the {@link Trainer} on a custom objective and then by a loop written
 * by hand, evaluated by importance sampling, saved and read back; then an MLP VAE exported to ONNX
 * and run with ONNX Runtime. It names no backend: the one on the class path is used.
 *
 * <p>Arguments: the MNIST directory and an output directory.
 */
public final class ResearchProject {
    private static final int LATENT = 16;
    private static final int TRAIN_IMAGES = 2000;
    private static final int TEST_IMAGES = 200;

    private ResearchProject() {}

    /** Runs the walk-through and prints what each step gives. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 1 ? args[1] : "target/research");
        Files.createDirectories(out);
        Mnist mnist = Mnist.load(Path.of(args.length > 0 ? args[0] : "data/mnist"));
        Dataset train = mnist.train().take(TRAIN_IMAGES);
        Dataset test = mnist.test().take(TEST_IMAGES);

        // snippet:backend
        Backend backend = Backends.open(); // the one on the class path, or -Dvae.backend=NAME
        System.out.println("backend: " + backend.name());
        // end:backend
        try (backend) {
            // snippet:model
            Init init = Init.on(backend, DType.FLOAT32, Rng.seeded(1));
            Vae vae =
                    new Vae(
                            new TwoHeadEncoder(init, Mnist.FEATURES, 200, LATENT),
                            new BernoulliDecoder(init, LATENT, 200, Mnist.FEATURES),
                            new StandardNormal(backend, DType.FLOAT32, LATENT));
            // end:model
            try (vae;
                    Adam adam = new Adam(vae.namedParameters(), 1e-3)) {
                trainWithTrainer(vae, adam, train, test);
                trainByHand(backend, vae, adam, train, 50);
                evaluate(vae, test);
                saveAndReload(backend, vae, test, out.resolve("weights.safetensors"));
            }
            exportToOnnx(backend, train, out.resolve("onnx"));
        }
    }

    private static void trainWithTrainer(Vae vae, Adam adam, Dataset train, Dataset test) {
        // snippet:trainer
        TrainingListener print =
                new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochMetrics m, TrainingControl control) {
                        System.out.printf(
                                Locale.ROOT,
                                "trainer, epoch %d: train %.2f, test %.2f nats%n",
                                m.epoch(),
                                m.trainLoss(),
                                m.testLoss());
                    }
                };
        Trainer.builder(vae, adam)
                .objective(new BetaElbo(2.0))
                .epochs(2)
                .seed(1)
                .listener(print)
                .build()
                .fit(train, test);
        // end:trainer
    }

    private static void trainByHand(Backend backend, Vae vae, Adam adam, Dataset train, int steps) {
        // snippet:loop
        Objective objective = new BetaElbo(1.0);
        Rng rng = Rng.seeded(7);
        List<int[]> batches = new Batching(128, true, true).epoch(train.size(), rng.fork(1));
        Rng noise = rng.fork(2);
        double last = Double.NaN;
        for (int step = 0; step < steps; step++) {
            try (Scope scope = backend.openScope()) { // frees every temporary of the step
                int[] batch = batches.get(step % batches.size());
                Variable x = Variable.constant(train.batch(backend, batch, DType.FLOAT32));
                LossTerms terms = objective.compute(vae, x, noise, 0);
                adam.step(terms.loss().backward());
                last = terms.loss().item();
            }
        }
        System.out.printf(Locale.ROOT, "hand-written loop, %d steps: loss %.2f%n", steps, last);
        // end:loop
    }

    private static void evaluate(Vae vae, Dataset test) {
        // snippet:evaluate
        LogLikelihood ll = Evaluator.logLikelihood(vae, test, 100, Rng.seeded(2), Progress.NONE);
        System.out.printf(
                Locale.ROOT,
                "log p(x) = %.2f +- %.2f nats (K = %d, %d test images)%n",
                ll.mean(),
                ll.standardError(),
                ll.samples(),
                ll.examples());
        // end:evaluate
    }

    private static void saveAndReload(Backend backend, Vae vae, Dataset test, Path file) {
        // snippet:save
        Map<String, HostArray> weights = new LinkedHashMap<>();
        vae.stateDict().forEach((name, t) -> weights.put(name, HostArray.fromTensor(t)));
        Safetensors.write(file, weights, Map.of("model", "two-head encoder, Bernoulli decoder"));

        Init fresh = Init.on(backend, DType.FLOAT32, Rng.seeded(99));
        try (Vae copy =
                        new Vae(
                                new TwoHeadEncoder(fresh, Mnist.FEATURES, 200, LATENT),
                                new BernoulliDecoder(fresh, LATENT, 200, Mnist.FEATURES),
                                new StandardNormal(backend, DType.FLOAT32, LATENT));
                Scope scope = backend.openScope()) {
            Map<String, Tensor> saved = new LinkedHashMap<>();
            Safetensors.read(file).tensors().forEach((n, a) -> saved.put(n, a.toTensor(backend)));
            copy.loadStateDict(saved);
            ElboReport before = Evaluator.elbo(vae, test, 100, Rng.seeded(3));
            ElboReport after = Evaluator.elbo(copy, test, 100, Rng.seeded(3));
            System.out.printf(
                    Locale.ROOT,
                    "saved %s and read it back: test loss %.4f, the copy's %.4f%n",
                    file.getFileName(),
                    before.loss(),
                    after.loss());
        }
        // end:save
    }

    private static void exportToOnnx(Backend backend, Dataset train, Path dir) {
        // snippet:export
        MlpVaeConfig config = MlpVaeConfig.pytorchExample();
        try (Vae vae = config.build(Init.on(backend, DType.FLOAT32, Rng.seeded(1)));
                Adam adam = new Adam(vae.namedParameters(), 1e-3)) {
            Trainer.builder(vae, adam).epochs(1).seed(1).build().fit(train, train.take(100));
            List<Path> files =
                    Exporters.find("onnx")
                            .export(vae, config, Map.of("trained_by", "research-project"), dir);
            Path decoder = dir.resolve("decoder.onnx");
            System.out.println("exported " + files.size() + " files, among them " + decoder);

            try (OnnxRunner runner = OnnxRunner.open(decoder)) {
                float[] z = new float[4 * config.latent()]; // four points at the prior's mean
                Map<String, float[]> outputs = runner.run(Map.of("z", z));
                System.out.println(
                        "decoder.onnx runs in ONNX Runtime: outputs "
                                + outputs.keySet()
                                + ", probs of "
                                + outputs.get("probs").length / 4
                                + " pixels, first "
                                + Arrays.toString(Arrays.copyOf(outputs.get("probs"), 3)));
            }
        }
        // end:export
    }
}
