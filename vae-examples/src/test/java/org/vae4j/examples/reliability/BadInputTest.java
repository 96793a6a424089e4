package org.vae4j.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.io.HostArray;
import org.vae4j.core.io.Safetensors;
import org.vae4j.core.io.TensorFile;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.examples.reliability.Commands.Outcome;

/**
 * The command line's bad-input catalogue: out-of-range values, a corrupted IDX file, damaged
 * checkpoints and data whose dimensions do not match the model. Each exits with 2 (wrong command
 * line) or 1 (the work failed), prints one line that is not an internal error, and leaves every
 * file that existed before byte for byte as it was.
 */
class BadInputTest {
    private static final Path MNIST = Commands.HOME.resolve("data").resolve("mnist");

    @TempDir static Path dir;

    /** A small trained run that every case may point at, and must leave untouched. */
    private static Path run;

    @BeforeAll
    static void trainOneEpoch() {
        run = dir.resolve("run");
        Outcome r =
                Commands.vae(
                        "train",
                        "--out",
                        run.toString(),
                        "--epochs",
                        "1",
                        "--limit",
                        "100",
                        "--latent",
                        "2",
                        "--hidden",
                        "8",
                        "--batch-size",
                        "50",
                        "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** Runs a command that must fail with {@code code} and one line, changing nothing. */
    private static String fails(int code, String... args) throws IOException {
        return Commands.failsChangingNothing(dir, code, args);
    }

    @Test
    void outOfRangeValuesOverAnExistingRunChangeNothing() throws IOException {
        String out = run.toString();
        List<String[]> cases =
                List.of(
                        new String[] {"--epochs", "0"},
                        new String[] {"--batch-size", "-1"},
                        new String[] {"--batch-size", "0"},
                        new String[] {"--latent", "0"},
                        new String[] {"--hidden", "16,0"},
                        new String[] {"--lr", "-1"},
                        new String[] {"--lr", "NaN"},
                        new String[] {"--samples", "0"},
                        new String[] {"--beta", "-1"},
                        new String[] {"--warmup-epochs", "-1"},
                        new String[] {"--limit", "0"});
        for (String[] bad : cases) {
            List<String> args = new ArrayList<>(List.of("train", "--out", out, "--force"));
            args.addAll(Arrays.asList(bad));
            args.add("--quiet");
            assertThat(fails(2, args.toArray(String[]::new))).contains(bad[0]);
        }
        List<String[]> unknown =
                List.of(
                        new String[] {"--activation", "swish"},
                        new String[] {"--likelihood", "poisson"},
                        new String[] {"--objective", "vi"},
                        new String[] {"--optimizer", "lbfgs"},
                        new String[] {"--binarize", "sometimes"},
                        new String[] {"--dtype", "float16"});
        for (String[] bad : unknown) {
            List<String> args = new ArrayList<>(List.of("train", "--out", out, "--force"));
            args.addAll(Arrays.asList(bad));
            assertThat(fails(2, args.toArray(String[]::new))).contains(bad[1]);
        }
        assertThat(fails(2, "eval", "--model", out, "--iw-samples", "0")).contains("--iw-samples");
        assertThat(fails(2, "eval", "--model", out, "--limit", "-3")).contains("--limit");
        Path png = dir.resolve("existing.png");
        Files.write(png, new byte[] {1, 2, 3});
        assertThat(fails(2, "sample", "--model", out, "--count", "0", "--out", png.toString()))
                .contains("--count");
        assertThat(fails(2, "sample", "--model", out, "--count", "-5", "--out", png.toString()))
                .contains("--count");
    }

    /** The onnx backend records graphs for export; it computes nothing and cannot train. */
    @Test
    void aBackendThatCannotComputeIsRefusedBeforeAnyWork() throws IOException {
        Path out = dir.resolve("onnx-run");
        String expected = "--backend onnx cannot run a model: it lacks READ_VALUES and TRAINING";
        assertThat(fails(2, "train", "--backend", "onnx", "--out", out.toString()))
                .contains(expected);
        assertThat(out).doesNotExist();
        assertThat(fails(2, "eval", "--backend", "onnx", "--model", run.toString()))
                .contains(expected);
        assertThat(
                        fails(
                                2,
                                "sample",
                                "--backend",
                                "onnx",
                                "--model",
                                run.toString(),
                                "--out",
                                dir.resolve("s.png").toString()))
                .contains(expected);
    }

    @Test
    void aCorruptedIdxFileIsNamed() throws IOException {
        Path data = dir.resolve("corrupt-data");
        Files.createDirectories(data);
        try (Stream<Path> files = Files.list(MNIST)) {
            for (Path f : files.toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        Path labels = data.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(labels, bytes);

        Path fresh = dir.resolve("fresh");
        assertThat(fails(1, "train", "--data", data.toString(), "--out", fresh.toString()))
                .contains("t10k-labels-idx1-ubyte.gz");
        assertThat(fresh).doesNotExist();
        assertThat(fails(1, "eval", "--model", run.toString(), "--data", data.toString()))
                .contains("t10k-labels-idx1-ubyte.gz");
        assertThat(
                        fails(
                                1,
                                "train",
                                "--resume",
                                run.toString(),
                                "--epochs",
                                "2",
                                "--data",
                                data.toString()))
                .contains("t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void dataOfOtherDimensionsThanTheModel() throws IOException {
        Path data = dir.resolve("small-images");
        Files.createDirectories(data);
        writeIdx(data.resolve("train-images-idx3-ubyte.gz"), new int[] {10, 14, 14});
        writeIdx(data.resolve("t10k-images-idx3-ubyte.gz"), new int[] {10, 14, 14});
        writeIdx(data.resolve("train-labels-idx1-ubyte.gz"), new int[] {10});
        writeIdx(data.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {10});
        assertThat(fails(1, "eval", "--model", run.toString(), "--data", data.toString()))
                .contains("14");
        assertThat(
                        fails(
                                1,
                                "train",
                                "--resume",
                                run.toString(),
                                "--epochs",
                                "2",
                                "--data",
                                data.toString()))
                .contains("14");
    }

    @Test
    void anEmptyTrainingOrTestSetIsRefusedBeforeARunDirectoryExists() throws IOException {
        for (String empty : List.of("train", "t10k")) {
            Path data = Files.createDirectories(dir.resolve("empty-" + empty));
            for (String split : List.of("train", "t10k")) {
                int n = split.equals(empty) ? 0 : 10;
                writeIdx(data.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, 28, 28});
                writeIdx(data.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n});
            }
            Path out = dir.resolve("run-without-" + empty);
            assertThat(fails(1, "train", "--data", data.toString(), "--out", out.toString()))
                    .contains(empty + "-images-idx3-ubyte.gz", "[0, 28, 28]");
            assertThat(out).doesNotExist();
        }
    }

    /** A checkpoint written through the library for 100-pixel data, given the MNIST data. */
    @Test
    void aModelForOtherDataThanMnist() throws IOException {
        Path other = dir.resolve("other-model");
        Files.createDirectories(other);
        MlpVaeConfig model = new MlpVaeConfig(100, 2, new int[] {8}, Activation.RELU, "bernoulli");
        TrainingConfig training = TrainingConfig.defaults();
        try (Backend b = Backends.open("nd4j", Device.CPU);
                Vae vae = model.build(Init.on(b, DType.FLOAT32, Rng.seeded(1)));
                Optimizer opt = training.buildOptimizer(vae.namedParameters())) {
            Checkpoints.save(
                    other.resolve(Checkpoints.FILE_NAME),
                    vae,
                    opt,
                    new RunInfo(model, training, 0, List.of(), Map.of()));
        }
        String m = other.toString();
        assertThat(fails(1, "eval", "--model", m, "--iw-samples", "2", "--limit", "10"))
                .contains("takes 100 values per example", "1x28x28");
        assertThat(fails(1, "train", "--resume", m, "--epochs", "1"))
                .contains("takes 100 values per example", "1x28x28");
        Outcome sample =
                Commands.vae("sample", "--model", m, "--out", dir.resolve("s.png").toString());
        assertThat(sample.code()).as("sampling needs no data: 10x10 grey images").isZero();
    }

    @Test
    void aTruncatedCheckpoint() throws IOException {
        Path cut = copyRun("truncated");
        Path checkpoint = cut.resolve(Checkpoints.FILE_NAME);
        byte[] bytes = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, Arrays.copyOf(bytes, bytes.length / 2));
        everyCommandFailsOn(cut);
    }

    @Test
    void aCheckpointWithNanWeights() throws IOException {
        Path nan = copyRun("nan");
        Path checkpoint = nan.resolve(Checkpoints.FILE_NAME);
        TensorFile file = Safetensors.read(checkpoint);
        Map<String, HostArray> tensors = new LinkedHashMap<>(file.tensors());
        String name =
                tensors.keySet().stream().filter(n -> n.startsWith("model.")).findFirst().get();
        HostArray w = tensors.get(name);
        byte[] data = w.data().clone();
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN);
        tensors.put(name, new HostArray(w.dtype(), w.shape(), data));
        Map<String, String> metadata = new LinkedHashMap<>(file.metadata());
        metadata.remove(Checkpoints.CHECKSUMS); // as written before checksums: the NaN is reached
        Safetensors.write(checkpoint, tensors, metadata);
        assertThat(everyCommandFailsOn(nan)).contains(name, "holds NaN");
    }

    /**
     * 64 KiB of the tensor data zeroed, the header untouched: finite weights, but not the run's.
     */
    @Test
    void zeroedTensorBytesAreFoundByTheirChecksum() throws IOException {
        Path zeroed = copyRun("zeroed");
        Path checkpoint = zeroed.resolve(Checkpoints.FILE_NAME);
        byte[] bytes = Files.readAllBytes(checkpoint);
        long header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int from = 8 + (int) header + 4096;
        Arrays.fill(bytes, from, from + 65536, (byte) 0);
        Files.write(checkpoint, bytes);
        assertThat(everyCommandFailsOn(zeroed))
                .contains("does not match its recorded CRC32C checksum", "The file is damaged");
    }

    @Test
    void aRunFileLinkedFromOutsideTheRunIsRefusedByEveryCommand() throws IOException {
        Path linked = copyRun("linked");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path target =
                Files.move(
                        linked.resolve(Checkpoints.FILE_NAME),
                        elsewhere.resolve(Checkpoints.FILE_NAME));
        Path link = Files.createSymbolicLink(linked.resolve(Checkpoints.FILE_NAME), target);
        assertThat(everyCommandFailsOn(linked))
                .contains(
                        link + " is a symbolic link to " + target.toRealPath(),
                        "outside the run directory " + linked,
                        "Copy the file into it");
    }

    @Test
    void writingWhereALinkStandsReplacesTheLinkAndNeverWritesItsTarget() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep");
        Path out = Files.createDirectories(dir.resolve("links"));
        Path picture = Files.createSymbolicLink(out.resolve("s.png"), victim);
        Outcome sample =
                Commands.vae("sample", "--model", run.toString(), "--out", picture.toString());
        assertThat(sample.code()).as(sample.err()).isZero();

        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        Path samples = Files.createSymbolicLink(fresh.resolve("samples.png"), victim);
        Outcome train =
                Commands.vae(
                        "train",
                        "--out",
                        fresh.toString(),
                        "--epochs",
                        "1",
                        "--limit",
                        "100",
                        "--hidden",
                        "8",
                        "--batch-size",
                        "50",
                        "--force", // the link is not a run's file: replacing it is asked for
                        "--quiet");
        assertThat(train.code()).as(train.err()).isZero();

        assertThat(Files.readString(victim)).isEqualTo("keep");
        for (Path written : List.of(picture, samples)) {
            assertThat(Files.isSymbolicLink(written)).as(written.toString()).isFalse();
            assertThat(Files.size(written)).as(written.toString()).isGreaterThan(100);
        }
    }

    private static String everyCommandFailsOn(Path broken) throws IOException {
        String m = broken.toString();
        String line = fails(1, "eval", "--model", m, "--iw-samples", "2", "--limit", "10");
        assertThat(line).contains(Checkpoints.FILE_NAME);
        assertThat(fails(1, "sample", "--model", m, "--out", dir.resolve("s.png").toString()))
                .isEqualTo(line.replaceFirst("^vae eval", "vae sample"));
        assertThat(fails(1, "train", "--resume", m, "--epochs", "2", "--quiet"))
                .isEqualTo(line.replaceFirst("^vae eval", "vae train"));
        assertThat(fails(1, "export", "--model", m, "--out", dir.resolve("onnx").toString()))
                .isEqualTo(line.replaceFirst("^vae eval", "vae export"));
        return line;
    }

    private static Path copyRun(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    /** Writes a gzipped unsigned-byte IDX file of zeros. */
    private static void writeIdx(Path path, int[] dims) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        int n = 1;
        for (int d : dims) {
            header.putInt(d);
            n *= d;
        }
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(header.array());
            out.write(new byte[n]);
        }
    }
}
