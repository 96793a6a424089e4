package org.vae4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program's logging as a user meets it, in child JVMs (slf4j-simple reads its settings once per
 * JVM): by default nothing reaches stderr on a working machine, so ND4J's and PyTorch's information
 * stays hidden and stdout holds only results; {@code --verbose} adds vae4j's own information, and
 * no one else's.
 */
class LoggingTest {
    @TempDir Path dir;

    /** What a child {@code vae} printed and returned. */
    private record Run(int code, String out, String err) {}

    @Test
    void warningsOnlyByDefaultAndVae4jsInformationWhenVerbose() throws Exception {
        Run quiet = vae("backends");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("nd4j ").contains("djl ");
        assertThat(quiet.err()).isEmpty();

        Run verbose = vae("backends", "--verbose");
        assertThat(verbose.code()).as(verbose.err()).isZero();
        assertThat(verbose.out()).isEqualTo(quiet.out());
        assertThat(verbose.err())
                .contains("INFO org.vae4j.backend.nd4j.Nd4jRuntime - Loaded ND4J ")
                .contains("INFO org.vae4j.backend.djl.DjlRuntime - Loaded PyTorch ")
                .contains("Opening backend nd4j on cpu");
        assertThat(verbose.err().lines().filter(line -> !line.startsWith("WARN ")))
                .allSatisfy(line -> assertThat(line).startsWith("INFO org.vae4j."));
    }

    private Run vae(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile());
        pb.environment().remove("VAE_VERBOSE");
        Process p = pb.redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("vae %s finished", args[0]).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
