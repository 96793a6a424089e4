package org.vae4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vae4j.core.io.CheckpointException;

/**
 * Coverage-guided fuzzing of the checkpoint reader with Jazzer: the safetensors layer and the run's
 * metadata ({@link Checkpoints#inspect}). Any bytes either read or fail with a one-line {@link
 * CheckpointException} naming the file; anything else escaping is a finding. The suite runs the
 * seeds in {@code CheckpointFuzzTestInputs} (a tiny valid checkpoint, and the findings saved
 * there); {@code JAZZER_FUZZ=1} fuzzes for up to the bound, as docs/RELIABILITY.md shows.
 */
class CheckpointFuzzTest {
    private static final Path FILE = scratchFile();

    private static Path scratchFile() {
        try {
            Path file = Files.createTempFile("vae4j-checkpoint-fuzz", ".safetensors");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void onlyCheckpointExceptionEscapes(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            Checkpoints.inspect(FILE);
        } catch (CheckpointException e) {
            assertThat(e.getMessage()).contains(FILE.toString()).doesNotContain("\n");
        }
    }
}
