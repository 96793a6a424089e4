package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.checkpoint.CheckpointSaver;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingConfig;

/** Train briefly, checkpoint, restore, export: ORT reproduces the restored model. */
class OnnxCheckpointExportTest {
    static final MlpVaeConfig MODEL =
            new MlpVaeConfig(12, 3, new int[] {10}, Activation.RELU, "bernoulli");
    static final TrainingConfig TRAINING =
            new TrainingConfig(
                    "elbo", 2, 1, 0, "adam", 0.01, 8, 4, Binarization.DYNAMIC, 3, DType.FLOAT32);

    @Test
    void aRestoredCheckpointExportsWithItsProvenance(@TempDir Path dir) {
        float[] x = Rng.seeded(1).uniformFloats(40 * 12);
        Dataset train = Dataset.ofFloats(x, 40, 12, null);
        Path file = dir.resolve(Checkpoints.FILE_NAME);
        try (Backend ref = ReferenceBackend.create()) {
            try (Vae vae = MODEL.build(Init.on(ref, DType.FLOAT32, Rng.seeded(3)));
                    Optimizer opt = TRAINING.buildOptimizer(vae.namedParameters())) {
                RunInfo run =
                        new RunInfo(MODEL, TRAINING, 0, List.of(), Map.of("dataset", "random-40"));
                Trainer.builder(vae, opt)
                        .objective(TRAINING.buildObjective())
                        .batchSize(TRAINING.batchSize())
                        .epochs(TRAINING.epochs())
                        .binarization(TRAINING.binarization())
                        .seed(TRAINING.seed())
                        .listener(new CheckpointSaver(file, vae, opt, run, 1))
                        .build()
                        .fit(train, train);
            }
            try (Restored r = Checkpoints.load(file, ref)) {
                OnnxExport.export(r, dir.resolve("onnx"));
                float[] z = OnnxExportParityTest.normals(64 * 3, 5);
                try (OnnxRunner runner = OnnxRunner.open(dir.resolve("onnx/decoder.onnx"))) {
                    assertThat(runner.metadata())
                            .containsEntry("provenance.dataset", "random-40")
                            .containsEntry("provenance.epoch", String.valueOf(r.info().epoch()));
                    float[] probs = runner.run(Map.of("z", z)).get("probs");
                    try (NoGrad off = NoGrad.enter()) {
                        Bernoulli p =
                                (Bernoulli)
                                        r.vae()
                                                .decoder()
                                                .decode(
                                                        Variable.constant(
                                                                ref.fromFloats(
                                                                        z, Shape.of(64, 3))));
                        OnnxExportParityTest.assertClose(
                                "trained decoder probs", probs, p.probs().value().toFloats());
                    }
                }
            }
        }
    }
}
