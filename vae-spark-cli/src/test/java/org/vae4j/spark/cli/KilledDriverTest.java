package org.vae4j.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.train.EpochMetrics;

/**
 * {@code vae spark train} in a driver process killed ({@code SIGKILL}) after its first saved epoch,
 * then resumed: the run ends with the parameters, optimizer state and test losses of a run never
 * interrupted.
 */
class KilledDriverTest {
    private static final int EPOCHS = 8;

    @TempDir Path dir;

    private List<String> settings(Path images) {
        return List.of(
                "--input",
                images.toString(),
                "--hidden",
                "5",
                "--latent",
                "2",
                "--batch-size",
                "8",
                "--lr",
                "0.01",
                "--workers",
                "2",
                "--average-every",
                "2",
                "--master",
                "local[2]",
                "--backend",
                "reference");
    }

    @Test
    void aKilledDriverResumesToTheNumbersOfAnUninterruptedRun() throws Exception {
        Path images = Files.createDirectory(dir.resolve("images"));
        TinyImages.write(images, "train", 160, 1);
        TinyImages.write(images, "t10k", 40, 2);

        Path straight = dir.resolve("straight");
        List<String> args = new ArrayList<>(List.of("train", "--out", straight.toString()));
        args.addAll(List.of("--epochs", Integer.toString(EPOCHS)));
        args.addAll(settings(images));
        assertThat(inProcess(args)).isZero();

        Path killed = dir.resolve("killed");
        int savedAtKill = killAfterFirstEpoch(killed, images);
        assertThat(savedAtKill)
                .as("epochs saved when the driver was killed")
                .isBetween(1, EPOCHS - 1);

        List<String> resume =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--resume",
                                killed.toString(),
                                "--input",
                                images.toString()));
        resume.addAll(List.of("--epochs", Integer.toString(EPOCHS)));
        resume.addAll(List.of("--master", "local[2]", "--backend", "reference"));
        assertThat(inProcess(resume)).isZero();

        try (Backend backend = ReferenceBackend.create();
                Restored a = Checkpoints.load(straight.resolve(Checkpoints.FILE_NAME), backend);
                Restored b = Checkpoints.load(killed.resolve(Checkpoints.FILE_NAME), backend)) {
            assertThat(b.info().epoch()).isEqualTo(EPOCHS);
            assertThat(testLosses(b.info())).isEqualTo(testLosses(a.info()));
            assertThat(values(b.vae().stateDict())).isEqualTo(values(a.vae().stateDict()));
            assertThat(values(b.optimizer().state())).isEqualTo(values(a.optimizer().state()));
            assertThat(b.optimizer().stepCount()).isEqualTo(a.optimizer().stepCount());
        }
        assertThat(Files.readAllLines(killed.resolve("metrics.jsonl"))).hasSize(EPOCHS);
    }

    /**
     * Starts {@code vae spark train} in its own JVM, kills it as soon as its checkpoint holds an
     * epoch, and returns the epochs that checkpoint holds.
     */
    private int killAfterFirstEpoch(Path out, Path images)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-opens")
                    || option.startsWith("-Djdk.reflect")
                    || option.startsWith("-Dio.netty")) {
                command.add(option); // what Spark needs on Java 17; no coverage agent
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(
                List.of("train", "--out", out.toString(), "--epochs", Integer.toString(EPOCHS)));
        command.addAll(settings(images));
        Path log = dir.resolve("killed.log");
        Process driver =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        Path checkpoint = out.resolve(Checkpoints.FILE_NAME);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try {
            while (!Files.exists(checkpoint)) {
                if (!driver.isAlive()) {
                    fail("the driver ended before its first epoch: " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("no epoch saved in 3 minutes: " + Files.readString(log));
                }
                Thread.sleep(5);
            }
        } finally {
            driver.destroyForcibly();
            driver.waitFor();
        }
        assertThat(driver.exitValue()).as("killed, not ended").isNotZero();
        return Checkpoints.inspect(checkpoint).epoch();
    }

    private static int inProcess(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(err.toString()).as("stderr of %s", args).isEmpty();
        return code;
    }

    private static List<Double> testLosses(RunInfo info) {
        return info.history().stream().map(EpochMetrics::testLoss).toList();
    }

    private static Map<String, List<Double>> values(Map<String, Tensor> state) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        state.forEach(
                (name, t) -> {
                    List<Double> v = new ArrayList<>();
                    for (double d : t.toDoubles()) {
                        v.add(d);
                    }
                    out.put(name, v);
                });
        return out;
    }
}
