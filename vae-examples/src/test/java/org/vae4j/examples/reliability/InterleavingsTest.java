package org.vae4j.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.Mnist;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.MetricsLog;
import org.vae4j.examples.reliability.Commands.Outcome;

/**
 * Two writers and a reader on one run directory, as real {@code vae} processes started and killed
 * (SIGKILL) on a seeded random schedule: fresh runs of two seeds (with or without {@code --force}),
 * resumes, an export into the run, and {@code eval}, {@code sample} or {@code export} reading it.
 * After each interleaving the directory holds a run that loads, whose checkpoint verifies (CRC32C)
 * and whose history and metrics are one seed's, never a mix; a writer that exited 0 last left its
 * own run there; a reader that exited 0 wrote only its own {@code --out}; a command that failed on
 * its own said so in one line; and resuming (or starting again) finishes the run with the losses of
 * an uninterrupted one.
 *
 * <p>{@value #DEFAULT_COUNT} interleavings in the normal build; {@code -Dvae4j.interleavings=200}
 * for more, and {@code -Dvae4j.interleavings.seed=S} for another schedule.
 */
class InterleavingsTest {
    private static final int DEFAULT_COUNT = 4;
    private static final int EPOCHS = 3;
    private static final int MORE = EPOCHS + 1;

    /** A folder of MNIST's first 100 training and 50 test images, which loads at once. */
    private static Path data;

    private static List<String> small;

    private static final Pattern DONE =
            Pattern.compile("Done: epoch (\\d+), test loss (\\S+) nats");
    private static final Pattern NOTHING_TO_DO = Pattern.compile("already has (\\d+) epochs");

    /** The first line a run writer prints once it holds the directory. */
    private static final Pattern HOLDS =
            Pattern.compile(
                    "^(Training a |Resuming |.* already has \\d+ epochs|.*: wrote the metrics)");

    /** The last line a run writer prints before it lets the directory go. */
    private static final Pattern RELEASES = Pattern.compile("^(Done: |.* already has \\d+ epochs)");

    private static final long ARRIVAL_SLACK_MILLIS = 50;

    @TempDir static Path dir;

    /** The per-epoch history of an uninterrupted run of {@value #MORE} epochs, per seed (1, 2). */
    private static final List<List<EpochMetrics>> REFERENCE = new ArrayList<>();

    /** Runs to start from: seed 1 complete at {@value #EPOCHS} epochs, seed 2 after 1 epoch. */
    private static Path complete;

    private static Path partial;
    private static Backend backend;

    @BeforeAll
    static void references() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        Mnist mnist = Mnist.load(Commands.HOME.resolve("data").resolve("mnist"));
        writeImages(mnist.train(), 100, data.resolve("train-images-idx3-ubyte"));
        writeImages(mnist.test(), 50, data.resolve("t10k-images-idx3-ubyte"));
        small =
                List.of(
                        "--data",
                        data.toString(),
                        "--latent",
                        "2",
                        "--hidden",
                        "8",
                        "--batch-size",
                        "50",
                        "--backend",
                        "nd4j");
        for (int seed = 1; seed <= 2; seed++) {
            Path run = dir.resolve("reference-" + seed);
            train(run, seed, MORE);
            REFERENCE.add(MetricsLog.read(run.resolve("metrics.jsonl")));
        }
        complete = dir.resolve("complete");
        train(complete, 1, EPOCHS);
        partial = dir.resolve("partial");
        train(partial, 2, 1);
        backend = Backends.open("nd4j", Device.CPU);
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private static void train(Path out, int seed, int epochs) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(small);
        args.addAll(List.of("--seed", Integer.toString(seed), "--epochs", "" + epochs, "--quiet"));
        Outcome r = Commands.vae(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void everyInterleavingEndsWithARunThatLoadsAndNoCommandSucceedsOnWhatItDidNotOwn()
            throws Exception {
        int count = Integer.getInteger("vae4j.interleavings", DEFAULT_COUNT);
        long seed = Long.getLong("vae4j.interleavings.seed", 20261206L);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            new Interleaving(i, new SplittableRandom(seed + i)).run();
        }
        System.out.printf(
                Locale.ROOT,
                "%d interleavings (seed %d) in %.0f s%n",
                count,
                seed,
                (System.nanoTime() - start) / 1e9);
    }

    /** One command of an interleaving: when it starts, and when (if) it is killed. */
    private record Step(String role, List<String> args, long startMillis, long killMillis) {
        /** Whether it writes the run itself (train or resume), holding the directory's lock. */
        boolean writesRun() {
            return args.get(0).equals("train");
        }
    }

    /** One seeded schedule and its checks. */
    private static final class Interleaving {
        private final int index;
        private final SplittableRandom random;
        private final Path root;
        private final Path run;
        private final Path outside;
        private final List<Step> steps = new ArrayList<>();
        private final List<WatchedProcess> processes = new ArrayList<>();
        private String start;

        Interleaving(int index, SplittableRandom random) throws IOException {
            this.index = index;
            this.random = random;
            this.root = Files.createDirectories(dir.resolve("i" + index));
            this.run = root.resolve("run");
            this.outside = Files.createDirectories(root.resolve("outside"));
        }

        void run() throws Exception {
            start = prepare();
            steps.addAll(List.of(writer("A"), writer("B"), reader()));
            long t0 = System.nanoTime();
            boolean running = true;
            while (running) {
                long now = (System.nanoTime() - t0) / 1_000_000;
                assertThat(now).as(describe() + "\nended in time").isLessThan(180_000);
                running = false;
                for (int k = 0; k < steps.size(); k++) {
                    Step s = steps.get(k);
                    if (processes.size() == k && now >= s.startMillis()) {
                        processes.add(WatchedProcess.start(s.args(), root, errors(k)));
                    }
                    if (processes.size() <= k) {
                        running = true;
                        continue;
                    }
                    WatchedProcess p = processes.get(k);
                    if (!p.ended()) {
                        if (s.killMillis() >= 0 && now >= s.killMillis()) {
                            p.kill();
                        } else {
                            running = true;
                        }
                    }
                }
                Thread.sleep(5);
            }
            String what = describe();
            for (int k = 0; k < steps.size(); k++) {
                checkOutcome(what, steps.get(k), processes.get(k));
            }
            checkOneWriterAtATime(what);
            checkRunAfter(what);
            finish(what);
        }

        /** Where the run directory starts: missing, empty, or holding a complete or partial run. */
        private String prepare() throws IOException {
            switch (random.nextInt(4)) {
                case 0:
                    return "no directory";
                case 1:
                    Files.createDirectories(run);
                    return "an empty directory";
                case 2:
                    copy(complete, run);
                    return "a complete run of seed 1";
                default:
                    copy(partial, run);
                    return "one epoch of seed 2";
            }
        }

        private Step writer(String name) {
            List<String> args = new ArrayList<>();
            String role;
            int kind = random.nextInt(5);
            if (kind <= 1) {
                int seed = 1 + random.nextInt(2);
                role = "train-" + seed;
                args.addAll(List.of("train", "--out", run.toString()));
                args.addAll(small);
                args.addAll(List.of("--seed", "" + seed, "--epochs", "" + EPOCHS));
                if (kind == 1) {
                    args.add("--force");
                }
            } else if (kind <= 3) {
                role = "resume";
                args.addAll(
                        List.of(
                                "train",
                                "--resume",
                                run.toString(),
                                "--data",
                                data.toString(),
                                "--epochs",
                                "" + MORE));
            } else {
                role = "export-into-run";
                args.addAll(
                        List.of(
                                "export",
                                "--model",
                                run.toString(),
                                "--format",
                                "onnx",
                                "--out",
                                run.resolve("onnx").toString(),
                                "--force"));
            }
            return timed(role + " " + name, args);
        }

        private Step reader() {
            List<String> args = new ArrayList<>();
            String role;
            switch (random.nextInt(3)) {
                case 0 -> {
                    role = "eval";
                    args.addAll(
                            List.of(
                                    "eval",
                                    "--model",
                                    run.toString(),
                                    "--data",
                                    data.toString(),
                                    "--iw-samples",
                                    "2"));
                }
                case 1 -> {
                    role = "sample";
                    args.addAll(
                            List.of(
                                    "sample",
                                    "--model",
                                    run.toString(),
                                    "--count",
                                    "4",
                                    "--out",
                                    outside.resolve("sample.png").toString()));
                }
                default -> {
                    role = "export";
                    args.addAll(
                            List.of(
                                    "export",
                                    "--model",
                                    run.toString(),
                                    "--format",
                                    "onnx",
                                    "--out",
                                    outside.resolve("onnx").toString()));
                }
            }
            return timed(role, args);
        }

        /** Starts within 1.5 s; half the commands are killed at a time over the next 6 s. */
        private Step timed(String role, List<String> args) {
            long at = random.nextLong(1500);
            long kill = random.nextBoolean() ? at + random.nextLong(6000) : -1;
            return new Step(role, args, at, kill);
        }

        private Path errors(int k) {
            return root.resolve("step-" + k + ".err");
        }

        private String describe() {
            StringBuilder b = new StringBuilder("interleaving " + index + " from " + start + ":");
            for (int k = 0; k < steps.size(); k++) {
                Step s = steps.get(k);
                b.append(
                        String.format(
                                Locale.ROOT,
                                "%n  %s at %d ms%s: %s",
                                s.role(),
                                s.startMillis(),
                                s.killMillis() < 0 ? "" : ", killed at " + s.killMillis() + " ms",
                                String.join(" ", s.args())));
                if (k < processes.size()) {
                    WatchedProcess p = processes.get(k);
                    List<String> all = new ArrayList<>(p.lines());
                    all.addAll(p.errors());
                    all.forEach(l -> b.append("\n    ").append(l));
                }
            }
            return b.toString();
        }

        /**
         * A command that ended on its own either succeeded or said why in one line that is not an
         * internal error; a reader that succeeded wrote its own --out.
         */
        private void checkOutcome(String what, Step s, WatchedProcess p) throws IOException {
            if (p.killed()) {
                return;
            }
            List<String> errors =
                    p.errors().stream()
                            .filter(l -> !l.isBlank() && !l.startsWith("note: "))
                            .toList();
            if (p.code() != 0) {
                assertThat(errors).as(what).hasSize(1);
                assertThat(errors.get(0))
                        .as(what)
                        .startsWith("vae ")
                        .doesNotContain("internal error");
                return;
            }
            assertThat(errors).as(what).noneMatch(l -> l.contains("internal error"));
            if (s.role().equals("sample")) {
                assertThat(ImageIO.read(outside.resolve("sample.png").toFile()))
                        .as(what)
                        .isNotNull();
            } else if (s.role().equals("export")) {
                for (String f : List.of("decoder.onnx", "encoder.onnx", "sampler.onnx")) {
                    assertThat(outside.resolve("onnx").resolve(f)).as(what).isNotEmptyFile();
                }
            } else if (s.role().startsWith("export-into-run")) {
                assertThat(run.resolve("onnx").resolve("decoder.onnx")).as(what).isNotEmptyFile();
            }
        }

        /**
         * The two run writers never held the directory at once: a writer holds it from before its
         * first line ("Training a ...", "Resuming ...", "... already has N epochs") until after its
         * last ("Done: ...", or the end of a process that failed or was killed). Lines are timed as
         * they arrive, so an overlap under {@value #ARRIVAL_SLACK_MILLIS} ms, which a hand-over
         * between two processes reading their pipes on a loaded machine can show, is not counted.
         */
        private void checkOneWriterAtATime(String what) {
            if (!steps.get(0).writesRun() || !steps.get(1).writesRun()) {
                return;
            }
            long[] a = holding(processes.get(0));
            long[] b = holding(processes.get(1));
            if (a == null || b == null) {
                return;
            }
            long overlap = Math.min(a[1], b[1]) - Math.max(a[0], b[0]);
            assertThat(overlap / 1_000_000)
                    .as(what + "\nboth writers held the run directory at once")
                    .isLessThan(ARRIVAL_SLACK_MILLIS);
        }

        /** When a run writer said it held the directory, and when it let it go; null if never. */
        private long[] holding(WatchedProcess p) {
            OptionalLong from = p.arrival(HOLDS);
            if (from.isEmpty()) {
                return null;
            }
            OptionalLong to = p.killed() ? OptionalLong.empty() : p.arrival(RELEASES);
            return new long[] {from.getAsLong(), to.orElse(p.endNanos())};
        }

        /**
         * The run directory after the interleaving: its checkpoint loads and verifies and its
         * history and metrics are one seed's; the run writer that ended last, if it exited 0, left
         * its own run; nothing outside the readers' own --out was written.
         */
        private void checkRunAfter(String what) throws IOException {
            try (Stream<Path> written = Files.list(outside)) {
                assertThat(written.map(p -> p.getFileName().toString()))
                        .as(what)
                        .allMatch(
                                n ->
                                        n.equals("sample.png")
                                                || n.equals("onnx")
                                                || n.endsWith(".tmp"));
            }
            int last = lastRunWriter();
            boolean claimed =
                    last >= 0 && !processes.get(last).killed() && processes.get(last).code() == 0;
            Path checkpoint = run.resolve(Checkpoints.FILE_NAME);
            if (!Files.exists(checkpoint)) {
                assertThat(claimed)
                        .as(what + "\na writer that succeeded left no checkpoint")
                        .isFalse();
                return;
            }
            List<EpochMetrics> history;
            try (Restored r = Checkpoints.load(checkpoint, backend)) {
                history = r.info().history();
                assertThat(r.info().epoch()).as(what).isEqualTo(history.size());
            }
            List<EpochMetrics> reference = referenceOf(what, history);
            Path metrics = run.resolve("metrics.jsonl");
            if (Files.exists(metrics)) {
                List<EpochMetrics> logged = MetricsLog.read(metrics);
                assertThat(logged.size()).as(what).isBetween(history.size() - 1, history.size());
                assertThat(losses(logged))
                        .as(what + "\nmetrics.jsonl is the checkpoint's run")
                        .isEqualTo(losses(reference.subList(0, logged.size())));
            }
            if (claimed) {
                checkClaim(what, steps.get(last), processes.get(last), history);
            }
        }

        /**
         * The run writer that ended last among those that may have written (succeeded or were
         * killed; one that failed on its own changed nothing), or -1.
         */
        private int lastRunWriter() {
            int last = -1;
            for (int k = 0; k < 2; k++) {
                WatchedProcess p = processes.get(k);
                if (steps.get(k).writesRun()
                        && (p.killed() || p.code() == 0)
                        && (last < 0 || p.endNanos() >= processes.get(last).endNanos())) {
                    last = k;
                }
            }
            return last;
        }

        /** A writer that succeeded and ended last: the directory holds what it said it wrote. */
        private void checkClaim(String what, Step s, WatchedProcess p, List<EpochMetrics> history)
                throws IOException {
            String out = String.join("\n", p.lines());
            Matcher done = DONE.matcher(out);
            Matcher nothing = NOTHING_TO_DO.matcher(out);
            String claim = what + "\n" + s.role() + " succeeded last, so the run must be its own";
            if (done.find()) {
                int epoch = Integer.parseInt(done.group(1));
                assertThat(history.size()).as(claim).isEqualTo(epoch);
                assertThat(String.format(Locale.ROOT, "%.2f", history.get(epoch - 1).testLoss()))
                        .as(claim)
                        .isEqualTo(done.group(2));
                if (s.role().startsWith("train-")) {
                    int seed = s.role().charAt("train-".length()) - '0';
                    assertThat(losses(history))
                            .as(claim)
                            .isEqualTo(losses(REFERENCE.get(seed - 1).subList(0, epoch)));
                }
                assertThat(MetricsLog.read(run.resolve("metrics.jsonl"))).as(claim).hasSize(epoch);
                assertThat(run.resolve("samples.png")).as(claim).isNotEmptyFile();
            } else {
                assertThat(nothing.find()).as(claim + ": it printed neither").isTrue();
                assertThat(history.size()).as(claim).isEqualTo(Integer.parseInt(nothing.group(1)));
            }
        }

        /** Resumes the run, or starts it again, and checks it ends as an uninterrupted run. */
        private void finish(String what) throws IOException {
            Outcome r;
            if (Files.exists(run.resolve(Checkpoints.FILE_NAME))) {
                r =
                        Commands.vae(
                                "train",
                                "--resume",
                                run.toString(),
                                "--data",
                                data.toString(),
                                "--epochs",
                                "" + MORE);
            } else {
                List<String> args = new ArrayList<>(List.of("train", "--out", run.toString()));
                args.addAll(small);
                args.addAll(List.of("--seed", "1", "--epochs", "" + MORE, "--force"));
                r = Commands.vae(args.toArray(String[]::new));
            }
            assertThat(r.code()).as(what + "\nfinishing: " + r.err()).isZero();
            try (Restored restored =
                    Checkpoints.load(run.resolve(Checkpoints.FILE_NAME), backend)) {
                List<EpochMetrics> history = restored.info().history();
                assertThat(history).as(what).hasSize(MORE);
                assertThat(losses(history))
                        .as(what + "\nthe finished run is an uninterrupted one")
                        .isEqualTo(losses(referenceOf(what, history)));
            }
        }

        /** The reference whose history {@code history} begins, failing if it is neither. */
        private List<EpochMetrics> referenceOf(String what, List<EpochMetrics> history) {
            for (List<EpochMetrics> reference : REFERENCE) {
                if (history.size() <= reference.size()
                        && losses(history).equals(losses(reference.subList(0, history.size())))) {
                    return reference;
                }
            }
            throw new AssertionError(what + "\nthe checkpoint's history is no seed's: " + history);
        }
    }

    /** Writes the first {@code n} images of {@code d} as an IDX file of unsigned bytes. */
    private static void writeImages(Dataset d, int n, Path file) throws IOException {
        float[] pixels = d.gather(IntStream.range(0, n).toArray());
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(0x0803).putInt(n).putInt(Mnist.SIDE).putInt(Mnist.SIDE);
        for (float v : pixels) {
            b.put((byte) Math.round(v * 255));
        }
        Files.write(file, b.array());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The train and test loss of each epoch. */
    private static List<List<Double>> losses(List<EpochMetrics> epochs) {
        return epochs.stream().map(m -> List.of(m.trainLoss(), m.testLoss())).toList();
    }
}
