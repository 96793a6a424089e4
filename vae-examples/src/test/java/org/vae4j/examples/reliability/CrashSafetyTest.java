package org.vae4j.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.MetricsLog;
import org.vae4j.examples.reliability.Commands.Outcome;

/**
 * Kills {@code vae train} with SIGKILL ({@link Process#destroyForcibly()}) at points spread over a
 * small run: as soon as the run directory appears (before any checkpoint), at seeded random times
 * across the measured run time, and the moment a checkpoint's temporary file appears (in the middle
 * of its write). After every kill the last complete checkpoint loads, the stray temporary file (if
 * any) is never taken for a checkpoint, and {@code vae train --resume} ends with the per-epoch
 * losses of an uninterrupted run; with no checkpoint yet, resuming says so in one line and a fresh
 * {@code --force} run works. Five kills, well under a minute on two cores.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CrashSafetyTest {
    private static final int EPOCHS = 6;
    private static final List<String> TRAIN =
            List.of(
                    "train",
                    "--limit",
                    "300",
                    "--latent",
                    "2",
                    "--hidden",
                    "16",
                    "--batch-size",
                    "50",
                    "--epochs",
                    Integer.toString(EPOCHS),
                    "--backend",
                    "nd4j",
                    "--quiet");
    private static final String TEMP_GLOB = "." + Checkpoints.FILE_NAME + ".*.tmp";
    private static final long SEED = 20251124L;

    @TempDir static Path dir;

    private static List<EpochMetrics> reference;
    private static long runNanos;
    private static Backend backend;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        Path run = dir.resolve("reference");
        long start = System.nanoTime();
        Process p = start(run, List.of());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("reference run finished").isTrue();
        runNanos = System.nanoTime() - start;
        assertThat(p.exitValue()).as(Files.readString(log(run))).isZero();
        reference = MetricsLog.read(run.resolve("metrics.jsonl"));
        assertThat(reference).hasSize(EPOCHS);
        backend = Backends.open("nd4j", Device.CPU);
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void killedBeforeTheFirstCheckpoint() throws Exception {
        Path run = dir.resolve("early");
        Process p = start(run, List.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isDirectory(run) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        kill(p);
        checkAfterKill(run);
    }

    @Test
    void killedAtSeededTimesSpreadOverTheRun() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        int kills = 3;
        for (int i = 0; i < kills; i++) {
            // stratified over [0.3 T, T): startup takes the first part of a run
            double at = 0.3 + 0.7 * (i + random.nextDouble()) / kills;
            Path run = dir.resolve("timed-" + i);
            Process p = start(run, List.of());
            p.waitFor((long) (at * runNanos), TimeUnit.NANOSECONDS);
            kill(p);
            checkAfterKill(run);
        }
    }

    @Test
    void killedWhileACheckpointIsBeingWritten() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        // the first checkpoint write that starts after a seeded point in the run
        long after = (long) ((0.5 + 0.4 * random.nextDouble()) * runNanos);
        Path run = dir.resolve("mid-write");
        long start = System.nanoTime();
        Process p = start(run, List.of());
        boolean caught = false;
        while (p.isAlive() && !caught) {
            if (System.nanoTime() - start < after || !Files.isDirectory(run)) {
                Thread.sleep(5);
                continue;
            }
            try (DirectoryStream<Path> temps = Files.newDirectoryStream(run, TEMP_GLOB)) {
                caught = temps.iterator().hasNext();
            } catch (IOException raced) {
                // the directory is being written; look again
            }
        }
        kill(p);
        checkAfterKill(run);
    }

    /**
     * The window between an epoch's checkpoint and its line in metrics.jsonl, for the last epoch:
     * the checkpoint already says the run is complete, so resuming must still finish its files.
     */
    @Test
    void killedAfterTheLastCheckpointBeforeItsMetrics() throws Exception {
        Path run = dir.resolve("last-window");
        Files.createDirectories(run);
        try (Stream<Path> files = Files.list(dir.resolve("reference"))) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        Files.write(run.resolve("metrics.jsonl"), lines.subList(0, EPOCHS - 1));
        Files.delete(run.resolve("samples.png"));

        Outcome resumed = resume(run);

        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(losses(MetricsLog.read(run.resolve("metrics.jsonl"))))
                .isEqualTo(losses(reference));
        assertThat(run.resolve("samples.png")).isNotEmptyFile();
    }

    /** Checks the invariants after a kill, then resumes the run (or restarts it) to the end. */
    private static void checkAfterKill(Path run) throws IOException {
        Path checkpoint = run.resolve(Checkpoints.FILE_NAME);
        List<Path> stray = strayTemps(run);
        for (Path t : stray) {
            assertThat(t.getFileName().toString()).startsWith(".").endsWith(".tmp");
        }
        if (!Files.exists(checkpoint)) {
            // killed before the run directory was made, or before its first checkpoint
            String expected =
                    Files.isDirectory(run) ? "holds no " + Checkpoints.FILE_NAME : "does not exist";
            Outcome resumed = resume(run);
            assertThat(resumed.code()).isEqualTo(1);
            assertThat(resumed.err().strip()).doesNotContain("\n").contains(expected);
            List<String> fresh = new ArrayList<>(TRAIN);
            fresh.addAll(List.of("--out", run.toString(), "--force"));
            Outcome again = Commands.vae(fresh.toArray(String[]::new));
            assertThat(again.code()).as(again.err()).isZero();
        } else {
            int epoch;
            try (Restored r = Checkpoints.load(checkpoint, backend)) {
                epoch = r.info().epoch();
                assertThat(epoch).isBetween(1, EPOCHS);
                assertThat(losses(r.info().history()))
                        .isEqualTo(losses(reference.subList(0, epoch)));
            }
            Path metrics = run.resolve("metrics.jsonl");
            if (Files.exists(metrics)) {
                List<EpochMetrics> logged = MetricsLog.read(metrics);
                assertThat(logged.size()).isBetween(epoch - 1, epoch);
                assertThat(losses(logged)).isEqualTo(losses(reference.subList(0, logged.size())));
            }
            Outcome resumed = resume(run);
            assertThat(resumed.code()).as(resumed.err()).isZero();
        }
        assertThat(losses(MetricsLog.read(run.resolve("metrics.jsonl"))))
                .isEqualTo(losses(reference));
        try (Restored r = Checkpoints.load(checkpoint, backend)) {
            assertThat(r.info().epoch()).isEqualTo(EPOCHS);
        }
    }

    /** The train and test loss of each epoch, the numbers a resumed run must reproduce. */
    private static List<List<Double>> losses(List<EpochMetrics> epochs) {
        return epochs.stream().map(m -> List.of(m.trainLoss(), m.testLoss())).toList();
    }

    private static List<Path> strayTemps(Path run) throws IOException {
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** Starts {@code vae train} in a JVM of its own, output to a log beside the run. */
    private static Process start(Path run, List<String> more) throws IOException {
        List<String> args = new ArrayList<>(TRAIN);
        args.addAll(List.of("--out", run.toString()));
        args.addAll(more);
        return Commands.start(args, log(run));
    }

    private static Path log(Path run) {
        return run.resolveSibling(run.getFileName() + ".log");
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("killed process ended").isTrue();
    }

    private static Outcome resume(Path run) {
        return Commands.vae(
                "train",
                "--resume",
                run.toString(),
                "--epochs",
                Integer.toString(EPOCHS),
                "--quiet");
    }
}
