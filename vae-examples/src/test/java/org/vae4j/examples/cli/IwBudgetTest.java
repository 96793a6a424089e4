package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/**
 * The images a large estimate is timed on: as many as one chunk of the estimate holds at that K, so
 * that a chunk's fixed cost is counted once per chunk, as the estimate pays it.
 */
class IwBudgetTest {
    @Test
    void timesAsManyImagesAsOneChunkHolds() {
        Backend b = ReferenceBackend.create();
        Vae vae =
                new MlpVaeConfig(6, 2, new int[] {5}, Activation.RELU, "bernoulli")
                        .build(Init.on(b, DType.FLOAT32, Rng.seeded(1)));
        float[] x = new float[40 * 6];
        Dataset test = Dataset.ofFloats(x, 40, 6, null);
        assertThat(IwBudget.imagesPerChunk(vae, test, 5_000)).isEqualTo(2); // 10,000 rows
        assertThat(IwBudget.imagesPerChunk(vae, test, 3_000)).isEqualTo(3);
        assertThat(IwBudget.imagesPerChunk(vae, test, 1_000_000_000)).isEqualTo(1);
        assertThat(IwBudget.imagesPerChunk(vae, test, 16)).isEqualTo(40); // all the test set
    }
}
