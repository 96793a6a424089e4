package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;

/** One {@link OnnxRunner} used by 8 threads at once gives, bit for bit, the answers of one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnnxRunnerConcurrencyTest {
    private static final MlpVaeConfig CONFIG =
            new MlpVaeConfig(64, 4, new int[] {32}, Activation.TANH, "bernoulli");

    @TempDir Path dir;

    @Test
    void eightThreadsRunningOneDecoderAgreeWithOne() throws Exception {
        try (Backend reference = ReferenceBackend.create();
                Vae vae = OnnxExportParityTest.randomVae(reference, CONFIG, 3)) {
            OnnxExport.export(vae, CONFIG, Map.of(), dir);
        }
        try (OnnxRunner decoder = OnnxRunner.open(dir.resolve(OnnxExport.DECODER_FILE))) {
            List<float[]> inputs = new ArrayList<>();
            List<float[]> alone = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                float[] z = OnnxExportParityTest.normals(50 * 4, 100 + i);
                inputs.add(z);
                alone.add(decoder.run(Map.of("z", z)).get("probs"));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<float[]>>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(
                            pool.submit(
                                    () -> {
                                        go.await();
                                        List<float[]> mine = new ArrayList<>();
                                        for (int r = 0; r < 20; r++) {
                                            float[] z = inputs.get(r % inputs.size());
                                            mine.add(decoder.run(Map.of("z", z)).get("probs"));
                                        }
                                        return mine;
                                    }));
                }
                go.countDown();
                for (Future<List<float[]>> f : futures) {
                    List<float[]> mine = f.get(50, TimeUnit.SECONDS);
                    for (int r = 0; r < mine.size(); r++) {
                        assertThat(mine.get(r)).containsExactly(alone.get(r % alone.size()));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
