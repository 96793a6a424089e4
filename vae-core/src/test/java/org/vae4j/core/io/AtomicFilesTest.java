package org.vae4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
                                            throw new IOException("disk full");
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessage("disk full");
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
    void aMissingDirectoryIsAnIoException() {
        assertThatThrownBy(() -> AtomicFiles.writeString(dir.resolve("no/such/x.txt"), "x"))
                .isInstanceOf(NoSuchFileException.class);
    }
}
