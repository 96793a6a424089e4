package org.vae4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.DType;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.io.Json;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.train.TrainingConfig;

/**
 * The checkpoint format does not drift. {@code vae4j-checkpoint-1.safetensors} was written by the
 * trainer of commit bde7b29 (two epochs of a 6-5-2 MLP on the reference backend in float64, with a
 * provenance holding quotes, backslashes, a tab and non-ASCII text) and is never regenerated:
 * today's reader must take it, and today's writer must write it again with the same tensor bytes
 * and the same header, to which it adds only the tensors' checksums ({@link Checkpoints#CHECKSUMS},
 * which that build did not record).
 */
class CheckpointFormatTest {
    private static final Backend B = ReferenceBackend.create();

    @TempDir Path dir;

    @AfterAll
    static void close() {
        B.close();
    }

    private static Path written() throws URISyntaxException {
        return Path.of(
                CheckpointFormatTest.class.getResource("vae4j-checkpoint-1.safetensors").toURI());
    }

    @Test
    void aCheckpointOfAnEarlierBuildReadsBackItsRun() throws URISyntaxException {
        RunInfo info = Checkpoints.inspect(written());
        assertThat(info.model())
                .isEqualTo(new MlpVaeConfig(6, 2, new int[] {5}, Activation.TANH, "bernoulli"));
        assertThat(info.training())
                .isEqualTo(
                        new TrainingConfig(
                                "elbo",
                                1,
                                1,
                                0,
                                "adam",
                                0.01,
                                8,
                                2,
                                Binarization.DYNAMIC,
                                3,
                                DType.FLOAT64));
        assertThat(info.epoch()).isEqualTo(2);
        assertThat(info.history()).hasSize(2);
        assertThat(info.history().get(0).trainLoss()).isEqualTo(4.414447002616152);
        assertThat(info.history().get(1).seconds()).isEqualTo(0.110749068);
        assertThat(info.provenance())
                .containsEntry("backend", "reference")
                .containsEntry("data", "C:\\runs\\ünïcøde \"q\"\ttab \uD83D\uDE00");
    }

    @Test
    void savingWhatWasLoadedWritesTheSameTensorsAndHeaderPlusChecksums()
            throws IOException, URISyntaxException {
        Path again = dir.resolve("again.safetensors");
        try (Restored r = Checkpoints.load(written(), B)) {
            Checkpoints.save(again, r.vae(), r.optimizer(), r.info());
        }
        byte[] before = Files.readAllBytes(written());
        byte[] after = Files.readAllBytes(again);
        Map<String, Object> oldHeader = header(before);
        Map<String, Object> newHeader = header(after);
        @SuppressWarnings("unchecked")
        Map<String, Object> newMeta = (Map<String, Object>) newHeader.get("__metadata__");
        assertThat(newMeta).containsKey(Checkpoints.CHECKSUMS);
        newMeta.remove(Checkpoints.CHECKSUMS);
        assertThat(newHeader).isEqualTo(oldHeader);
        assertThat(Arrays.copyOfRange(after, dataStart(after), after.length))
                .isEqualTo(Arrays.copyOfRange(before, dataStart(before), before.length));
    }

    /** A safetensors file's header: 8 bytes of little-endian length, then that much JSON. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> header(byte[] file) {
        String json = new String(file, 8, dataStart(file) - 8, StandardCharsets.UTF_8);
        return new LinkedHashMap<>((Map<String, Object>) Json.parse(json.strip()));
    }

    private static int dataStart(byte[] file) {
        return 8 + (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
