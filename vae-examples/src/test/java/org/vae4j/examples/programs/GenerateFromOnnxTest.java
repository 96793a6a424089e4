package org.vae4j.examples.programs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.examples.cli.Console;
import org.vae4j.examples.cli.Main;

/**
 * Exports a small trained model, then runs {@link GenerateFromOnnx} in a separate JVM whose class
 * path holds only the example classes and ONNX Runtime: no vae4j library, no training backend.
 */
class GenerateFromOnnxTest {
    @TempDir Path dir;

    @Test
    void digitsComeOutOfTheDecoderWithOnnxRuntimeAlone() throws Exception {
        Path run = dir.resolve("run");
        Path onnx = dir.resolve("onnx");
        StringWriter err = new StringWriter();
        Console console =
                new Console(new PrintWriter(new StringWriter()), new PrintWriter(err), false);
        assertThat(
                        Main.run(
                                new String[] {
                                    "train",
                                    "--out",
                                    run.toString(),
                                    "--epochs",
                                    "1",
                                    "--limit",
                                    "200",
                                    "--latent",
                                    "2",
                                    "--hidden",
                                    "16",
                                    "--batch-size",
                                    "50",
                                    "--quiet"
                                },
                                console,
                                Path.of("..")))
                .as(err.toString())
                .isZero();
        assertThat(
                        Main.run(
                                new String[] {
                                    "export", "--model", run.toString(), "--out", onnx.toString()
                                },
                                console,
                                Path.of("..")))
                .as(err.toString())
                .isZero();

        String classPath =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(
                                e ->
                                        Path.of(e)
                                                        .endsWith(
                                                                Path.of(
                                                                        "vae-examples",
                                                                        "target",
                                                                        "classes"))
                                                || Path.of(e)
                                                        .getFileName()
                                                        .toString()
                                                        .startsWith("onnxruntime"))
                        .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath)
                .doesNotContain("nd4j")
                .doesNotContain("djl")
                .doesNotContain("vae-core");
        Path png = dir.resolve("digits.png");
        Process p =
                new ProcessBuilder(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString(),
                                        "-Djava.awt.headless=true",
                                        "-cp",
                                        classPath,
                                        GenerateFromOnnx.class.getName(),
                                        onnx.resolve("decoder.onnx").toString(),
                                        png.toString(),
                                        "16"))
                        .redirectErrorStream(true)
                        .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("Wrote 16 digits");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(8 * 28);
    }
}
