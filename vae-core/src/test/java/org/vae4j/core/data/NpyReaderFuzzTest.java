package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of {@link NpyReader} with Jazzer: any bytes either read or fail with a
 * one-line {@link DataFormatException} naming the file; anything else escaping is a finding. The
 * suite runs the seeds in {@code NpyReaderFuzzTestInputs} (and the findings saved there); {@code
 * JAZZER_FUZZ=1} fuzzes for up to the bound, with the command docs/RELIABILITY.md gives for {@code
 * IdxReaderFuzzTest}.
 */
class NpyReaderFuzzTest {
    private static final Path FILE = scratchFile();

    private static Path scratchFile() {
        try {
            Path file = Files.createTempFile("vae4j-npy-fuzz", ".npy");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void onlyDataFormatExceptionEscapes(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            NpyReader.read(FILE);
        } catch (DataFormatException e) {
            assertThat(e.getMessage()).startsWith(FILE + ": ").doesNotContain("\n");
        }
    }
}
