package org.vae4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vae4j.backend.onnx.OnnxRunner;

/**
 * Builds samples/research-project as a user would, against the vae4j artifacts installed in a
 * throw-away local repository, and runs it once per backend profile. The profile only changes which
 * backend jar is on the class path; the run must report that backend, train, and write a
 * decoder.onnx that ONNX Runtime loads and runs. The two runs bind different SLF4J providers, which
 * only the user's project chooses: slf4j-simple shows vae4j's log lines, slf4j-nop silences them.
 */
class ResearchProjectIT {
    private static final int LATENT = 20; // MlpVaeConfig.pytorchExample(), which the sample exports
    private static final int PIXELS = 784;

    @ParameterizedTest
    @CsvSource({"nd4j, slf4j-simple", "djl, slf4j-nop"})
    void theProfileAloneChoosesTheBackend(String backend, String logging) throws Exception {
        Path project = copyOfSample(backend);
        Path log = project.resolve("build.log");
        int exit = runMaven(project, backend, logging, log);
        String output = Files.readString(log);

        assertThat(exit).as("mvn -P%s compile exec:java; output:%n%s", backend, output).isZero();
        assertThat(output)
                .contains("backend: " + backend + "\n")
                .contains("trainer, epoch 2:")
                .contains("hand-written loop, 50 steps")
                .contains("log p(x) = ")
                .contains("decoder.onnx runs in ONNX Runtime");
        assertThat(output).doesNotContain("backend: " + (backend.equals("nd4j") ? "djl" : "nd4j"));
        String opened = "Opening backend " + backend + " on cpu";
        if (logging.equals("slf4j-simple")) {
            assertThat(output).contains("INFO org.vae4j.backend.").contains(opened);
        } else {
            assertThat(output).doesNotContain("INFO org.vae4j.").doesNotContain(opened);
        }

        Path decoder = project.resolve("target/research/onnx/decoder.onnx");
        try (OnnxRunner runner = OnnxRunner.open(decoder)) {
            Map<String, float[]> out = runner.run(Map.of("z", new float[2 * LATENT]));
            assertThat(out.get("probs")).hasSize(2 * PIXELS);
            for (float p : out.get("probs")) {
                assertThat(p).isBetween(0f, 1f);
            }
        }
    }

    /** Copies the sample's sources and pom, without any build output, into this module's target. */
    private static Path copyOfSample(String backend) throws IOException {
        Path source = Path.of(System.getProperty("samples.project"));
        Path target = Path.of("target", "samples", backend).toAbsolutePath();
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path p : old.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path rel = source.relativize(p);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path dest = target.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    /** Runs the Maven that runs this build on the sample, with the throw-away repository. */
    private static int runMaven(Path project, String profile, String logging, Path log)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString());
        // Not -q: exec:java runs the sample in Maven's JVM, where -q sets slf4j-simple's level.
        cmd.add("-B");
        cmd.add("-f");
        cmd.add(project.resolve("pom.xml").toString());
        cmd.add("-Dmaven.repo.local=" + System.getProperty("samples.repository"));
        cmd.add("-Dmaven.repo.local.tail=" + System.getProperty("samples.userRepository"));
        cmd.add("-Dvae4j.version=" + System.getProperty("samples.vae4jVersion"));
        cmd.add("-Dmnist.dir=" + System.getProperty("samples.mnist"));
        cmd.add("-Dlogging.provider=" + logging);
        cmd.add("-Dslf4j.version=" + System.getProperty("samples.slf4jVersion"));
        cmd.add("-P" + profile);
        cmd.add("compile");
        cmd.add("exec:java");
        Process p =
                new ProcessBuilder(cmd)
                        .directory(project.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn -P" + profile + " did not finish in 10 minutes");
        }
        return p.exitValue();
    }
}
