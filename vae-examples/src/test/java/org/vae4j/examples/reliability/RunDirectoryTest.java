package org.vae4j.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.backend.onnx.OnnxRunner;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.train.MetricsLog;
import org.vae4j.examples.reliability.Commands.Outcome;

/**
 * A run directory is never lost, mixed up or silently overwritten: one writer at a time, outputs
 * that never replace an input or a file vae4j did not write, and a replaced run kept until its
 * successor has a checkpoint.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunDirectoryTest {
    private static final String[] SMALL = {
        "--limit", "200", "--latent", "2", "--hidden", "8", "--batch-size", "50", "--quiet"
    };

    @TempDir Path dir;

    private static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A one-epoch run in {@code dir}. */
    private Path trained(String name) {
        Path run = dir.resolve(name);
        Outcome r = Commands.vae(train(run, "--epochs", "1"));
        assertThat(r.code()).as(r.err()).isZero();
        return run;
    }

    /**
     * A second {@code train} into a directory that a running {@code train} writes is refused, with
     * or without {@code --force}, and so is {@code --resume}; once the first is killed, its lock is
     * recognised as left behind and the run resumes.
     */
    @Test
    void oneWriterAtATimeAndALockLeftByAKilledWriterIsTakenOver() throws Exception {
        Path run = dir.resolve("shared");
        List<String> first =
                new ArrayList<>(List.of(train(run, "--seed", "1", "--epochs", "1000")));
        Process p = Commands.start(first, dir.resolve("first.log"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.exists(run.resolve(Checkpoints.FILE_NAME))
                    && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(p.isAlive()).as(Files.readString(dir.resolve("first.log"))).isTrue();
            String inUse = run + " is in use by process " + p.pid();
            assertThat(Commands.fails(1, train(run, "--seed", "2", "--epochs", "1")))
                    .startsWith("vae train: " + inUse);
            assertThat(Commands.fails(1, train(run, "--seed", "2", "--epochs", "1", "--force")))
                    .startsWith("vae train: " + inUse);
            assertThat(Commands.fails(1, "train", "--resume", run.toString(), "--epochs", "2000"))
                    .startsWith("vae train: " + inUse);
            assertThat(p.isAlive()).as("the first writer ran throughout").isTrue();
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        RunInfo saved = Checkpoints.inspect(run.resolve(Checkpoints.FILE_NAME));
        assertThat(saved.training().seed()).as("the first writer's run").isEqualTo(1);

        Outcome resumed =
                Commands.vae(
                        "train",
                        "--resume",
                        run.toString(),
                        "--epochs",
                        Integer.toString(saved.epoch() + 1),
                        "--quiet");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err())
                .contains("was left by process " + p.pid() + ", which ended without releasing it");
        assertThat(run.resolve(".vae4j.lock")).doesNotExist();
        assertThat(Checkpoints.inspect(run.resolve(Checkpoints.FILE_NAME)).epoch())
                .isEqualTo(saved.epoch() + 1);
    }

    @Test
    void aPictureNeverReplacesTheModelsOwnFilesOrAFileVae4jDidNotWrite() throws IOException {
        Path run = trained("run");
        Path notes = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        String m = run.toString();
        for (String file : List.of(Checkpoints.FILE_NAME, "metrics.jsonl", "samples.png")) {
            String out = run.resolve(file).toString();
            for (String[] command :
                    List.of(
                            new String[] {"sample", "--model", m, "--out", out},
                            new String[] {"reconstruct", "--model", m, "--out", out},
                            new String[] {"manifold", "--model", m, "--out", out})) {
                assertThat(Commands.failsChangingNothing(dir, 2, command))
                        .contains("--out " + out + " is the model's own " + file);
            }
        }
        assertThat(
                        Commands.failsChangingNothing(
                                dir, 2, "sample", "--model", m, "--out", notes.toString()))
                .contains("exists and is not a PNG");
        assertThat(
                        Commands.failsChangingNothing(
                                dir, 2, "sample", "--model", m, "--out", folder.toString()))
                .contains("is a directory");
    }

    /** {@code --out ""} would name the current directory; it is refused there, not written. */
    @Test
    void anEmptyOutIsRefusedInsteadOfMeaningTheCurrentDirectory() throws Exception {
        Path run = trained("run");
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        Path log = dir.resolve("empty-out.log");
        for (List<String> args :
                List.of(
                        List.of(train(Path.of(""), "--epochs", "1")),
                        List.of("export", "--model", run.toString(), "--out", ""),
                        List.of("sample", "--model", run.toString(), "--out", ""))) {
            Process p = Commands.start(args, cwd, log);
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            String printed = Files.readString(log).strip();
            assertThat(p.exitValue()).as(printed).isEqualTo(2);
            assertThat(printed).doesNotContain("\n").contains("--out is empty");
            try (Stream<Path> written = Files.list(cwd)) {
                assertThat(written).as(String.join(" ", args)).isEmpty();
            }
        }
    }

    @Test
    void aNewRunNeverReplacesFilesVae4jDidNotWriteUnlessForced() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("samples.png"), "my own picture");
        Files.writeString(mine.resolve("curves.png"), "my own chart");
        assertThat(Commands.failsChangingNothing(dir, 1, train(mine, "--epochs", "1")))
                .contains(
                        mine + " holds files that vae4j did not write (curves.png, samples.png)",
                        "add --force");
        Outcome forced = Commands.vae(train(mine, "--epochs", "1", "--force"));
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readAllBytes(mine.resolve("samples.png"))).startsWith(0x89, 'P', 'N');
    }

    @Test
    void anExportNeverReplacesAnEarlierOneOrFilesVae4jDidNotWriteUnlessForced() throws IOException {
        Path run = trained("run");
        String m = run.toString();
        Path onnx = dir.resolve("onnx");
        assertThat(Commands.vae("export", "--model", m, "--out", onnx.toString()).code()).isZero();
        assertThat(
                        Commands.failsChangingNothing(
                                dir, 1, "export", "--model", m, "--out", onnx.toString()))
                .contains(
                        onnx
                                + " already holds decoder.onnx, encoder.onnx, sampler.onnx of an"
                                + " earlier export",
                        "Add --force");
        Outcome again = Commands.vae("export", "--model", m, "--out", onnx.toString(), "--force");
        assertThat(again.code()).as(again.err()).isZero();

        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "mine");
        assertThat(
                        Commands.failsChangingNothing(
                                dir, 1, "export", "--model", m, "--out", mine.toString()))
                .contains(mine + " holds files that vae4j did not write (notes.txt)");
        Outcome intoTheRun = Commands.vae("export", "--model", m, "--out", m);
        assertThat(intoTheRun.code()).as("beside the run's own files").isZero();
    }

    /** With --force, a new run that fails before its first checkpoint leaves the old one whole. */
    @Test
    void forceKeepsTheOldRunUntilTheNewOneHasACheckpoint() throws IOException {
        Path run = trained("run");
        assertThat(
                        Commands.failsChangingNothing(
                                dir,
                                1,
                                train(run, "--epochs", "1", "--force", "--hidden", "2000000000")))
                .contains("2000000000");
        assertThat(
                        Commands.failsChangingNothing(
                                dir, 1, train(run, "--epochs", "1", "--force", "--lr", "1e9")))
                .contains("Training diverged at epoch 1");
        assertThat(
                        Commands.failsChangingNothing(
                                dir,
                                2,
                                train(run, "--epochs", "1", "--force", "--backend", "onnx")))
                .contains("--backend onnx cannot run a model");
        Outcome replaced = Commands.vae(train(run, "--epochs", "2", "--force", "--seed", "7"));
        assertThat(replaced.code()).as(replaced.err()).isZero();
        RunInfo now = Checkpoints.inspect(run.resolve(Checkpoints.FILE_NAME));
        assertThat(now.training().seed()).isEqualTo(7);
        assertThat(MetricsLog.read(run.resolve("metrics.jsonl"))).hasSize(2);
        try (Stream<Path> left = Files.list(run)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no lock, staging folder or temporary file is left")
                    .hasSize(6)
                    .noneMatch(name -> name.startsWith("."));
        }
    }

    /** A new run that fails before its first checkpoint removes the directories it created. */
    @Test
    void aRunThatFailsBeforeItsFirstCheckpointLeavesNoDirectoryBehind() throws IOException {
        Path fresh = dir.resolve("new").resolve("nested").resolve("run");
        Commands.failsChangingNothing(
                dir, 1, train(fresh, "--epochs", "1", "--hidden", "2000000000"));
        Commands.failsChangingNothing(dir, 1, train(fresh, "--epochs", "1", "--lr", "1e9"));
        assertThat(dir.resolve("new")).doesNotExist();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Commands.failsChangingNothing(dir, 1, train(empty, "--epochs", "1", "--lr", "1e9"));
        assertThat(empty).as("a directory that existed stays").isEmptyDirectory();
    }

    /** Files handed to others name their run relative to themselves, not by this machine's path. */
    @Test
    void exportsAndCheckpointsRecordNoAbsolutePath() throws IOException {
        Path run = trained("run");
        Path onnx = dir.resolve("exports").resolve("onnx");
        Outcome export =
                Commands.vae("export", "--model", run.toString(), "--out", onnx.toString());
        assertThat(export.code()).as(export.err()).isZero();
        String absolute = dir.toAbsolutePath().toString();
        try (OnnxRunner decoder = OnnxRunner.open(onnx.resolve("decoder.onnx"))) {
            assertThat(decoder.metadata()).containsEntry("provenance.run", "../../run");
            assertThat(decoder.metadata().values()).noneMatch(v -> v.contains(absolute));
        }
        assertThat(
                        Files.readString(
                                run.resolve(Checkpoints.FILE_NAME), StandardCharsets.ISO_8859_1))
                .doesNotContain(absolute);
    }
}
