package org.vae4j.examples.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.ImageData;
import org.vae4j.core.eval.ExampleScore;
import org.vae4j.core.eval.ExampleScorer;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/**
 * On the engines, which pick kernels by the size of an op, a row scored by {@link ExampleScorer}
 * gets the same bits whichever rows it is scored with and in what order: unpadded, rows scored in
 * sets of fewer than 64 differed from the same rows in larger sets on both engines.
 */
class ScoringCompositionTest {
    private static final int N = 300;
    private static final int PASS = 64;
    private static final Dataset TEST = ImageData.load(Path.of("../data/mnist")).test().take(N);

    @ParameterizedTest
    @CsvSource({"nd4j, FLOAT32", "nd4j, FLOAT64", "djl, FLOAT32", "djl, FLOAT64"})
    void aRowsScoresAreTheSameInAnySetOfRows(String backend, DType dtype) {
        try (Backend b = Backends.open(backend, Device.CPU);
                Vae vae =
                        new MlpVaeConfig(784, 20, new int[] {400}, Activation.RELU, "bernoulli")
                                .build(Init.on(b, dtype, Rng.seeded(3)))) {
            ExampleScorer scorer = new ExampleScorer(vae, Binarization.DYNAMIC, 1, 0, PASS);
            int[] reversed = new int[N];
            long[] keys = new long[N];
            for (int i = 0; i < N; i++) {
                reversed[i] = N - 1 - i;
                keys[i] = N - 1 - i;
            }
            ExampleScore[] all = scorer.score(TEST, reversed, keys);
            for (int size : new int[] {1, 5, 33, PASS, 100}) {
                for (int from = 7; from + size <= N; from += 3 * size + 11) {
                    int[] rows = new int[size];
                    long[] k = new long[size];
                    for (int i = 0; i < size; i++) {
                        rows[i] = from + i;
                        k[i] = from + i;
                    }
                    ExampleScore[] scored = scorer.score(TEST, rows, k);
                    for (int i = 0; i < size; i++) {
                        assertThat(scored[i])
                                .as("row %d scored with %d rows", rows[i], size)
                                .isEqualTo(all[N - 1 - rows[i]]);
                    }
                }
            }
        }
    }
}
