package org.vae4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.io.CheckpointException;
import org.vae4j.core.io.HostArray;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.Safetensors;
import org.vae4j.core.io.TensorFile;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.OutputBias;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.InitScheme;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.optim.ScheduleSpec;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingResult;

/** Saving, restoring and exact resumption through the checkpoint file, and damaged files. */
class CheckpointsTest {
    private static final Backend B = ReferenceBackend.create();
    private static final MlpVaeConfig MODEL =
            new MlpVaeConfig(6, 2, new int[] {5}, Activation.TANH, "bernoulli");
    private static final TrainingConfig TRAINING =
            new TrainingConfig(
                    "elbo", 1, 1, 0, "adam", 0.01, 8, 4, Binarization.DYNAMIC, 3, DType.FLOAT64);
    private static final Dataset TRAIN = data(40, 1);
    private static final Dataset TEST = data(12, 2);

    @TempDir Path dir;

    @AfterAll
    static void close() {
        B.close();
    }

    private static Dataset data(int n, long seed) {
        double[] u = Rng.seeded(seed).uniforms(n * 6);
        float[] x = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            x[i] = (float) u[i];
        }
        return Dataset.ofFloats(x, n, 6, null);
    }

    /** Trains a fresh model for {@code epochs} of the run, saving into {@code file}. */
    private static TrainingResult train(Path file, int epochs) {
        return train(MODEL, file, epochs);
    }

    private static TrainingResult train(ModelConfig model, Path file, int epochs) {
        TrainingConfig config = TRAINING.withEpochs(epochs);
        try (Vae vae = model.build(Init.on(B, DType.FLOAT64, Rng.seeded(3).fork(0)));
                Optimizer opt = config.buildOptimizer(vae.namedParameters())) {
            RunInfo run = new RunInfo(model, config, 0, List.of(), Map.of("backend", "reference"));
            return trainer(vae, opt, config)
                    .listener(new CheckpointSaver(file, vae, opt, run, 1))
                    .build()
                    .fit(TRAIN, TEST);
        }
    }

    private static Trainer.Builder trainer(Vae vae, Optimizer opt, TrainingConfig c) {
        return Trainer.builder(vae, opt)
                .objective(c.buildObjective())
                .batchSize(c.batchSize())
                .epochs(c.epochs())
                .binarization(c.binarization())
                .seed(c.seed());
    }

    @Test
    void initialisationScheduleAndAdamEpsilonSurviveACheckpoint() {
        Path file = dir.resolve(Checkpoints.FILE_NAME);
        TrainingConfig c =
                TRAINING.withInit(InitScheme.GLOROT, OutputBias.DATA_MEAN)
                        .withSchedule(ScheduleSpec.parse("burda:3", 4), 1e-4);
        try (Vae vae = MODEL.build(c.buildInit(B, Rng.seeded(3)));
                Optimizer opt = c.buildOptimizer(vae.namedParameters())) {
            Checkpoints.save(file, vae, opt, new RunInfo(MODEL, c, 0, List.of(), Map.of()));
        }
        try (Restored r = Checkpoints.load(file, B)) {
            assertThat(r.info().training()).isEqualTo(c);
            assertThat(r.info().training().schedule().text()).isEqualTo("burda:3");
            assertThat(r.optimizer().hyperParameters()).containsEntry("epsilon", 1e-4);
        }
    }

    @Test
    void theSaversHistoryTextIsTheHistorysJson() {
        Path file = dir.resolve(Checkpoints.FILE_NAME);
        TrainingResult result = train(file, 3);
        List<Object> maps = new ArrayList<>();
        result.epochs().forEach(m -> maps.add(m.toJson()));
        assertThat(HistoryText.of(result.epochs())).isEqualTo(Json.write(maps));
        assertThat(HistoryText.of(List.of())).isEqualTo(Json.write(List.of()));
        Path again = dir.resolve("again.safetensors");
        try (Restored r = Checkpoints.load(file, B)) {
            Checkpoints.save(again, r.vae(), r.optimizer(), r.info());
        }
        assertThat(Safetensors.read(file).metadata().get("history"))
                .isEqualTo(Safetensors.read(again).metadata().get("history"))
                .isEqualTo(Json.write(maps));
    }

    @Test
    void aRestoredRunHasTheSavedWeightsStateAndHistory() {
        Path file = dir.resolve(Checkpoints.FILE_NAME);
        TrainingResult result = train(file, 2);
        try (Restored r = Checkpoints.load(file, B)) {
            assertThat(r.info().model()).isEqualTo(MODEL);
            assertThat(r.info().training()).isEqualTo(TRAINING.withEpochs(2));
            assertThat(r.info().epoch()).isEqualTo(2);
            assertThat(r.info().history()).isEqualTo(result.epochs());
            assertThat(r.info().provenance()).containsEntry("backend", "reference");
            assertThat(r.optimizer().stepCount()).isEqualTo(2 * 5);
            assertThat(r.optimizer().state()).hasSize(2 * r.vae().namedParameters().size());
        }
        assertThat(Checkpoints.inspect(file).epoch()).isEqualTo(2);
    }

    @Test
    void theBackendCanBePickedFromWhatTheCheckpointRecords() {
        Path file = dir.resolve(Checkpoints.FILE_NAME);
        train(file, 1);
        List<RunInfo> seen = new java.util.ArrayList<>();
        try (Restored r =
                Checkpoints.load(
                        file,
                        info -> {
                            seen.add(info);
                            return B;
                        })) {
            assertThat(seen).containsExactly(r.info());
            assertThat(seen.get(0).provenance()).containsEntry("backend", "reference");
            assertThat(r.vae().backend()).isSameAs(B);
        }
    }

    @Test
    void aConvolutionalModelComesBackWithItsArchitectureAndWeights() {
        Path file = dir.resolve(Checkpoints.FILE_NAME);
        ConvVaeConfig conv =
                new ConvVaeConfig(1, 3, 2, new int[] {2}, 3, 4, 2, Activation.RELU, "bernoulli");
        try (Vae vae = conv.build(Init.on(B, DType.FLOAT64, Rng.seeded(3)));
                Optimizer opt = TRAINING.buildOptimizer(vae.namedParameters())) {
            Checkpoints.save(file, vae, opt, new RunInfo(conv, TRAINING, 0, List.of(), Map.of()));
            try (Restored r = Checkpoints.load(file, B)) {
                assertThat(r.info().model()).isEqualTo(conv);
                for (var e : vae.namedParameters().entrySet()) {
                    assertThat(r.vae().namedParameters().get(e.getKey()).value().toDoubles())
                            .as(e.getKey())
                            .containsExactly(e.getValue().value().toDoubles());
                }
            }
        }
    }

    @Test
    void resumingFromTheFileEndsExactlyLikeTheUninterruptedRun() {
        resumesExactly(MODEL);
    }

    @Test
    void batchNormsRunningStatisticsAreSavedSoResumeStaysExact() {
        ConvVaeConfig conv =
                new ConvVaeConfig(1, 3, 2, new int[] {2}, 3, 4, 2, Activation.RELU, "bernoulli")
                        .withBatchNorm(true);
        Path file = dir.resolve("bn.safetensors");
        train(conv, file, 1);
        try (Restored r = Checkpoints.load(file, B)) {
            assertThat(r.info().model()).isEqualTo(conv);
            assertThat(r.vae().namedBuffers()).containsKey("encoder.convNorm0.runningVar");
            double[] var =
                    r.vae().namedBuffers().get("encoder.convNorm0.runningVar").value().toDoubles();
            assertThat(var).doesNotContain(1.0); // moved by training, and saved
            assertThat(r.vae().isTraining()).isFalse();
        }
        resumesExactly(conv);
    }

    private void resumesExactly(ModelConfig model) {
        TrainingResult straight = train(model, dir.resolve("straight.safetensors"), 4);
        Path file = dir.resolve("interrupted.safetensors");
        train(model, file, 2);
        try (Restored r = Checkpoints.load(file, B)) {
            TrainingConfig config = r.info().training().withEpochs(4);
            TrainingResult resumed =
                    trainer(r.vae(), r.optimizer(), config).build().fit(TRAIN, TEST, 2);
            assertThat(resumed.epochs()).hasSize(2);
            assertThat(resumed.last().testLoss()).isEqualTo(straight.last().testLoss());
            assertThat(resumed.last().trainLoss()).isEqualTo(straight.last().trainLoss());
        }
    }

    @Test
    void aTruncatedFileIsOneLineSayingSo() throws IOException {
        Path file = dir.resolve("c.safetensors");
        train(file, 1);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> Checkpoints.load(file, B))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageNotContaining("\n");
    }

    @Test
    void bytesChangedInTheTensorDataAreNamedAsDamage() throws IOException {
        Path file = dir.resolve("zeroed.safetensors");
        train(file, 1);
        byte[] bytes = Files.readAllBytes(file);
        long header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int data = 8 + (int) header;
        Arrays.fill(bytes, data + (bytes.length - data) / 2, bytes.length, (byte) 0);
        Files.write(file, bytes);
        for (ThrowingCallable read :
                List.<ThrowingCallable>of(
                        () -> Checkpoints.load(file, B).close(), () -> Checkpoints.inspect(file))) {
            assertThatThrownBy(read)
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageStartingWith(file + ": tensor '")
                    .hasMessageContaining("does not match its recorded CRC32C checksum")
                    .hasMessageContaining("The file is damaged")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aTensorRemovedOrAddedAfterItsChecksumsIsRefused() throws IOException {
        Path removed = dir.resolve("removed.safetensors");
        train(removed, 1);
        TensorFile original = Safetensors.read(removed);
        Map<String, HostArray> fewer = new LinkedHashMap<>(original.tensors());
        fewer.remove("model.encoder.mean.weight");
        Safetensors.write(removed, fewer, original.metadata());
        assertThatThrownBy(() -> Checkpoints.inspect(removed))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'model.encoder.mean.weight' has a checksum but is missing");
        Path unlisted = edited(m -> m.put(Checkpoints.CHECKSUMS, "{}"), t -> {});
        assertThatThrownBy(() -> Checkpoints.inspect(unlisted))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("has no recorded checksum");
        Path malformed = edited(m -> m.put(Checkpoints.CHECKSUMS, "[1]"), t -> {});
        assertThatThrownBy(() -> Checkpoints.inspect(malformed))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("metadata 'crc32c' is malformed");
    }

    @Test
    void aCheckpointWithoutChecksumsStillLoads() throws IOException {
        Path file = edited(m -> {}, t -> {});
        assertThat(Safetensors.read(file).metadata()).doesNotContainKey(Checkpoints.CHECKSUMS);
        try (Restored r = Checkpoints.load(file, B)) {
            assertThat(r.info().epoch()).isEqualTo(1);
        }
    }

    @Test
    void weightsThatDisagreeWithTheArchitectureAreNamed() throws IOException {
        Path file =
                edited(
                        m -> {},
                        t ->
                                t.put(
                                        "model.decoder.net.layer0.weight",
                                        HostArray.ofDoubles(new double[15], Shape.of(3, 5))));
        assertThatThrownBy(() -> Checkpoints.load(file, B))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tensor 'model.decoder.net.layer0.weight' is float64 [3, 5]")
                .hasMessageContaining("needs float64 [5, 2]")
                .hasMessageNotContaining("\n");
    }

    @Test
    void nanWeightsAreRefusedWithTheirName() throws IOException {
        double[] nan = new double[5];
        nan[3] = Double.NaN;
        Path file =
                edited(
                        m -> {},
                        t ->
                                t.put(
                                        "model.encoder.body.layer0.bias",
                                        HostArray.ofDoubles(nan, Shape.of(5))));
        assertThatThrownBy(() -> Checkpoints.load(file, B))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'model.encoder.body.layer0.bias' holds NaN at flat index 3")
                .hasMessageContaining("earlier checkpoint");
    }

    @Test
    void missingTensorsMetadataAndForeignFilesAreRefused() throws IOException {
        Path missing = edited(m -> {}, t -> t.remove("model.encoder.mean.weight"));
        assertThatThrownBy(() -> Checkpoints.load(missing, B))
                .hasMessageContaining("'model.encoder.mean.weight' is missing");
        Path noHistory = edited(m -> m.remove("history"), t -> {});
        assertThatThrownBy(() -> Checkpoints.load(noHistory, B))
                .hasMessageContaining("metadata 'history' is missing");
        Path foreign = edited(m -> m.put("format", "something-else"), t -> {});
        assertThatThrownBy(() -> Checkpoints.inspect(foreign))
                .hasMessageContaining("has format 'something-else'");
        Path badJson = edited(m -> m.put("training", "{\"objective\": "), t -> {});
        assertThatThrownBy(() -> Checkpoints.inspect(badJson))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("invalid metadata");
        Path badSetting =
                edited(
                        m -> m.put("model", m.get("model").replace("\"tanh\"", "\"swish\"")),
                        t -> {});
        assertThatThrownBy(() -> Checkpoints.inspect(badSetting))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("swish");
    }

    @Test
    void anArchitectureLargerThanTheFileIsRefusedBeforeAnythingIsAllocated() throws IOException {
        Path file =
                edited(
                        m ->
                                m.put(
                                        "model",
                                        m.get("model")
                                                .replaceFirst(
                                                        "\"hidden\":\\[[0-9,]*\\]",
                                                        "\"hidden\":[2000000000,2000000000]")),
                        t -> {});
        long before = B.memory().liveTensors();
        assertThatThrownBy(() -> Checkpoints.load(file, B))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("needs at least 8000000")
                .hasMessageContaining("parameters, but the file holds")
                .hasMessageNotContaining("\n");
        assertThat(B.memory().liveTensors()).isEqualTo(before);
    }

    @Test
    void aFailedLoadLeavesNoTensorsBehind() throws IOException {
        Path file = edited(m -> {}, t -> t.remove("model.decoder.net.layer0.bias"));
        long before = B.memory().liveTensors();
        assertThatThrownBy(() -> Checkpoints.load(file, B)).isInstanceOf(CheckpointException.class);
        assertThat(B.memory().liveTensors()).isEqualTo(before);
    }

    /**
     * A one-epoch checkpoint with its metadata and tensors edited, and without checksums (as the
     * files written before they were recorded), so the later checks are reached.
     */
    private Path edited(
            Consumer<Map<String, String>> meta, Consumer<Map<String, HostArray>> tensors)
            throws IOException {
        Path file = dir.resolve("edited-" + System.nanoTime() + ".safetensors");
        train(file, 1);
        TensorFile original = Safetensors.read(file);
        Map<String, String> m = new LinkedHashMap<>(original.metadata());
        m.remove(Checkpoints.CHECKSUMS);
        Map<String, HostArray> t = new LinkedHashMap<>(original.tensors());
        meta.accept(m);
        tensors.accept(t);
        Safetensors.write(file, t, m);
        return file;
    }
}
