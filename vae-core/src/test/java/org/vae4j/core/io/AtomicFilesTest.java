package org.vae4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesANewFileAndReplacesAnOldOne() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.writeString(target, "first");
        assertThat(target).hasContent("first");
        AtomicFiles.writeString(target, "second ü");
        assertThat(Files.readString(target)).isEqualTo("second ü");
        assertThat(files()).containsExactly(target);
    }

    @Test
    void aWriterThatClosesTheStreamStillProducesTheWholeFile() throws IOException {
        Path target = dir.resolve("w.txt");
        AtomicFiles.write(
                target,
                out -> {
                    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                        w.write("hello");
                    }
                });
        assertThat(target).hasContent("hello");
    }

    @Test
    void aWriterFailingMidwayLeavesTheOldContentAndNoTempFile() throws IOException {
        Path target = dir.resolve("ckpt.bin");
        AtomicFiles.writeString(target, "old content");
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> {
                                            out.write(new byte[100_000]); // past the buffer
                                            throw new IOException("No space left on device");
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cannot write "
                                + target
                                + ": No space left on device. The file keeps its previous"
                                + " content. Free space on that disk, or write elsewhere");
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> {
                                            out.write(1);
                                            throw new IllegalStateException("bug in writer");
                                        }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(target).hasContent("old content");
        assertThat(files()).containsExactly(target);
    }

    @Test
    void aFailedFirstWriteCreatesNothing() throws IOException {
        Path target = dir.resolve("new.bin");
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> {
                                            throw new IOException("nope");
                                        }))
                .isInstanceOf(IOException.class);
        assertThat(files()).isEmpty();
    }

    @Test
    void aMissingFolderIsNamedRatherThanTheTemporaryFile() {
        Path target = dir.resolve("no/such/x.txt");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x"))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cannot write "
                                + target
                                + ": the folder "
                                + target.getParent()
                                + " does not exist. Nothing was written in its place. Create it,"
                                + " or choose another path")
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    /** An encoder that wraps the system's error in its own: the system's reason is what shows. */
    @Test
    void theReasonIsTheDeepestCause() throws IOException {
        Path target = dir.resolve("samples.png");
        IOException wrapped =
                new IOException(
                        "I/O error writing PNG file!",
                        new FileSystemException(
                                target.toString(), null, "No space left on device"));
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> {
                                            throw wrapped;
                                        }))
                .hasMessageStartingWith("cannot write " + target + ": No space left on device.")
                .hasMessageNotContaining("I/O error writing PNG")
                .hasMessageContaining("Nothing was written in its place");
        assertThat(files()).isEmpty();
    }
}
