package org.vae4j.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.examples.reliability.Commands.Outcome;

/**
 * Messages that used to leave the user without a next step: each now says what is wrong, with the
 * user's own path, what is kept, and a fix that the command accepts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MessagesTest {
    private static final String[] SMALL = {
        "--limit", "200", "--latent", "2", "--hidden", "8", "--batch-size", "50", "--quiet"
    };

    @TempDir static Path dir;

    private static Path run;

    @BeforeAll
    static void trainOneEpoch() {
        run = dir.resolve("run");
        Outcome r = Commands.vae(train(run, "--epochs", "1"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static String[] train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void divergenceInTheFirstEpochAdvisesANewRunNotAResume() {
        String line = Commands.fails(1, train(dir.resolve("lr"), "--epochs", "1", "--lr", "1e9"));
        assertThat(line)
                .startsWith("vae train: Training diverged at epoch 1,")
                .endsWith(
                        "No checkpoint was written, so nothing of this run is kept; train again"
                                + " with a lower --lr than 1.0E9")
                .doesNotContain("resume", "clip");
    }

    @Test
    void divergenceAfterACheckpointNamesTheEpochKept() throws IOException {
        Path diverging = dir.resolve("sgd");
        String line =
                Commands.fails(
                        1, train(diverging, "--epochs", "4", "--optimizer", "sgd", "--lr", "0.3"));
        Matcher m =
                Pattern.compile(
                                " keeps the checkpoint of epoch (\\d+), but resuming keeps the"
                                        + " learning rate and would diverge again; train a new"
                                        + " run with a lower --lr than 0.3$")
                        .matcher(line);
        assertThat(m.find()).as(line).isTrue();
        try (Backend b = Backends.open("nd4j", Device.CPU);
                Restored r = Checkpoints.load(diverging.resolve(Checkpoints.FILE_NAME), b)) {
            assertThat(r.info().epoch()).isEqualTo(Integer.parseInt(m.group(1)));
        }
    }

    @Test
    void anUnknownBackendFromTheEnvironmentListsTheBackendsFound() throws Exception {
        String line =
                runAlone(
                        List.of(),
                        Map.of("VAE_BACKEND", "nonsense"),
                        "sample",
                        "--model",
                        run.toString(),
                        "--out",
                        dir.resolve("s.png").toString());
        assertThat(line)
                .startsWith("vae sample: Unknown backend 'nonsense' (from environment variable")
                .contains("Name one of those found (nd4j, djl")
                .doesNotContain("below");
    }

    @Test
    void outOfMemoryNamesTheCommandAndOnlyOptionsItHas() throws Exception {
        String line = runAlone(List.of("-Xmx40m"), Map.of(), "eval", "--model", run.toString());
        assertThat(line)
                .isEqualTo("vae eval: out of memory. Give the JVM more with JAVA_OPTS=-Xmx8g.");
    }

    @Test
    void aPictureInAMissingFolderNamesTheUsersPathNotATemporaryFile() {
        Path out = dir.resolve("no-such-folder").resolve("x.png");
        String line =
                Commands.fails(1, "sample", "--model", run.toString(), "--out", out.toString());
        assertThat(line)
                .isEqualTo(
                        "vae sample: cannot write "
                                + out
                                + ": the folder "
                                + out.getParent()
                                + " does not exist. Nothing was written in its place. Create it,"
                                + " or choose another path");
    }

    @Test
    void aSignalSaysWhatTheRunKeepsAndHowToContinue() throws Exception {
        Path stopped = dir.resolve("stopped");
        Path log = dir.resolve("stopped.log");
        List<String> args = new ArrayList<>(List.of(train(stopped, "--epochs", "100000")));
        Process p = Commands.start(args, log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.exists(stopped.resolve(Checkpoints.FILE_NAME))
                    && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
        } finally {
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        String line = Files.readString(log).strip();
        Matcher m =
                Pattern.compile(
                                "^vae train: stopped by a signal in epoch \\d+; "
                                        + Pattern.quote(stopped.toString())
                                        + " keeps the checkpoint of epoch (\\d+)\\. Continue with:"
                                        + " vae train --resume "
                                        + Pattern.quote(stopped.toString())
                                        + "$")
                        .matcher(line);
        assertThat(m.find()).as(line).isTrue();
        int kept = Integer.parseInt(m.group(1));
        try (Backend b = Backends.open("nd4j", Device.CPU);
                Restored r = Checkpoints.load(stopped.resolve(Checkpoints.FILE_NAME), b)) {
            assertThat(r.info().epoch()).isGreaterThanOrEqualTo(kept);
        }
    }

    /** The estimate's unit depends on this machine's speed (648 days or 5 years here so far). */
    @Test
    void anEstimateOfDaysOrYearsIsRefusedWithItsTime() {
        String line =
                Commands.fails(2, "eval", "--model", run.toString(), "--iw-samples", "1000000000");
        assertThat(line)
                .startsWith("vae eval: --iw-samples 1000000000 on 10000 test images would take")
                .containsPattern("take about [0-9.,]+ (days|years) here \\(timed on one image\\)")
                .contains("Lower --iw-samples (about ")
                .endsWith("or evaluate fewer images with --limit");
    }

    @Test
    void reconstructSaysHowManyItDrew() throws IOException {
        Path five = Files.createDirectories(dir.resolve("five"));
        Files.write(five.resolve("train-images-idx3-ubyte"), images(7));
        Files.write(five.resolve("t10k-images-idx3-ubyte"), images(5));
        Path out = dir.resolve("recon.png");
        Outcome r =
                Commands.vae(
                        "reconstruct",
                        "--model",
                        run.toString(),
                        "--data",
                        five.toString(),
                        "--count",
                        "16",
                        "--out",
                        out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip())
                .isEqualTo(
                        "Wrote 5 reconstructions to "
                                + out
                                + " (--count 16, but the test set holds 5 images)");
    }

    @Test
    void aPathTheLocaleCannotEncodeIsOneClearLine() throws Exception {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
                "the C locale's file-name encoding is ASCII on Linux");
        String line =
                runAlone(
                        List.of(),
                        Map.of("LC_ALL", "C", "LANG", "C"),
                        "sample",
                        "--model",
                        run.toString(),
                        "--out",
                        dir.resolve("\u00e9t\u00e9.png").toString());
        assertThat(line)
                .startsWith("sample: Invalid value for option '--out': '")
                .contains(
                        "is not a path this system can use",
                        "Run with a UTF-8 locale, for example LC_ALL=C.UTF-8")
                .doesNotContain("java.nio");
    }

    /** Runs a command that must fail in a JVM of its own; returns its one line of output. */
    private static String runAlone(List<String> jvm, Map<String, String> env, String... args)
            throws Exception {
        Path log = Files.createTempFile(dir, "alone", ".log");
        Process p = Commands.start(jvm, env, List.of(args), Path.of("").toAbsolutePath(), log);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ended").isTrue();
        String out = Files.readString(log).strip();
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).doesNotContain("\n");
        return out;
    }

    /** An IDX file of {@code n} 28x28 images of unsigned bytes, all 100. */
    private static byte[] images(int n) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 784);
        b.putInt(0x0803).putInt(n).putInt(28).putInt(28);
        while (b.hasRemaining()) {
            b.put((byte) 100);
        }
        return b.array();
    }
}
