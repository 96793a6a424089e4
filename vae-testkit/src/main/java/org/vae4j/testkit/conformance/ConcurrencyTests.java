package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vae4j.api.Backend;
import org.vae4j.api.Capability;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.eval.ElboReport;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.eval.LogLikelihood;
import org.vae4j.core.eval.Progress;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/**
 * One model evaluated on this backend from 8 threads at once gives, bit for bit, the answers of one
 * thread, and leaves no tensor behind: scopes and the no-grad switch are per thread, the model's
 * parameters are only read, and each caller brings its own random stream.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ConcurrencyTests extends ConformanceGroup {
    private static final int THREADS = 8;
    private static final int ROUNDS = 3;

    /** Everything one evaluation reports, comparable with equals. */
    private record Answers(ElboReport elbo, LogLikelihood logLikelihood, List<Double> klPerDim) {}

    private static Answers evaluate(Vae vae, Dataset data) {
        ElboReport elbo = Evaluator.elbo(vae, data, 7, Rng.seeded(5));
        LogLikelihood ll = Evaluator.logLikelihood(vae, data, 30, Rng.seeded(6), Progress.NONE);
        LatentReport latents = Evaluator.latents(vae, data, 9, 0.01);
        List<Double> kl = new ArrayList<>();
        for (double d : latents.klPerDimension()) {
            kl.add(d);
        }
        return new Answers(elbo, ll, kl);
    }

    @Test
    void eightThreadsEvaluatingAtOnceAgreeWithOne() throws Exception {
        assumeCapability(Capability.READ_VALUES);
        Backend b = backend();
        MlpVaeConfig config = new MlpVaeConfig(12, 3, new int[] {8}, Activation.TANH, "bernoulli");
        Dataset data = Dataset.ofFloats(Rng.seeded(2).uniformFloats(40 * 12), 40, 12, null);
        try (Vae vae = config.build(Init.on(b, DType.FLOAT32, Rng.seeded(1)))) {
            Answers alone = evaluate(vae, data);
            long live = b.memory().liveTensors();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<Answers>>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    futures.add(
                            pool.submit(
                                    () -> {
                                        go.await();
                                        List<Answers> mine = new ArrayList<>();
                                        for (int r = 0; r < ROUNDS; r++) {
                                            mine.add(evaluate(vae, data));
                                        }
                                        return mine;
                                    }));
                }
                go.countDown();
                for (Future<List<Answers>> f : futures) {
                    assertThat(f.get(50, TimeUnit.SECONDS)).containsOnly(alone);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(b.memory().liveTensors()).as("tensors left behind").isEqualTo(live);
        }
    }
}
