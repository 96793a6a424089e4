package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the MNIST copy in the repository's data/mnist, and broken copies of small fakes. */
class MnistTest {
    private static final Path REAL = Path.of("..", "data", "mnist");
    private static Mnist mnist;

    @TempDir Path dir;

    @BeforeAll
    static void load() {
        mnist = Mnist.load(REAL);
    }

    @Test
    void realCopyHasTheKnownShape() {
        assertThat(mnist.train().size()).isEqualTo(60_000);
        assertThat(mnist.test().size()).isEqualTo(10_000);
        assertThat(mnist.train().featureCount()).isEqualTo(Mnist.FEATURES).isEqualTo(784);
        assertThat(mnist.test().featureCount()).isEqualTo(784);
        for (Dataset d : List.of(mnist.train(), mnist.test())) {
            int[] labels = d.labels().orElseThrow();
            assertThat(IntStream.of(labels).min().getAsInt()).isZero();
            assertThat(IntStream.of(labels).max().getAsInt()).isEqualTo(9);
            assertThat(IntStream.of(labels).distinct().count()).isEqualTo(10);
        }
        // the first training digit is a 5, the first test digit a 7
        assertThat(mnist.train().labels().orElseThrow()[0]).isEqualTo(5);
        assertThat(mnist.test().labels().orElseThrow()[0]).isEqualTo(7);
        float[] first = mnist.train().gather(new int[] {0});
        assertThat(first).contains(0f, 1f);
        for (float v : first) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void checksumIsStable() {
        // pinned: the checksum names the data in a run's provenance, so it must never drift
        assertThat(mnist.test().checksum())
                .isEqualTo("1f715af715ca5738b8a091dac211873e7388071798f5252d847c24ae41f849a0");
        assertThat(mnist.train().take(10_000).checksum()).isNotEqualTo(mnist.test().checksum());
    }

    /** Writes a small valid set: 3 training and 2 test images of 28x28, plain IDX. */
    private void fake(Path d) throws IOException {
        Files.createDirectories(d);
        Files.write(d.resolve("train-images-idx3-ubyte"), images(3));
        Files.write(d.resolve("train-labels-idx1-ubyte"), labels(3));
        Files.write(d.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.gzip(images(2)));
        Files.write(d.resolve("t10k-labels-idx1-ubyte"), labels(2));
    }

    private static byte[] images(int n) {
        return IdxFiles.idx(0x08, new int[] {n, 28, 28}, new byte[n * 784]);
    }

    private static byte[] labels(int n) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) i;
        }
        return IdxFiles.idx(0x08, new int[] {n}, l);
    }

    private static DataFormatException failure(Path d, Path named) {
        DataFormatException e =
                catchThrowableOfType(() -> Mnist.load(d), DataFormatException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith(named + ": ").doesNotContain("\n");
        return e;
    }

    @Test
    void plainAndGzippedFilesMix() throws IOException {
        fake(dir);
        Mnist m = Mnist.load(dir);
        assertThat(m.train().size()).isEqualTo(3);
        assertThat(m.test().labels().orElseThrow()).containsExactly(0, 1);
    }

    @Test
    void missingFolderAndFile() throws IOException {
        Path none = dir.resolve("none");
        assertThat(failure(none, none).getMessage()).contains("no such folder", "data/mnist");
        fake(dir);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertThat(failure(dir, dir).getMessage())
                .contains("neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void checksumMismatchNamesTheFile() throws IOException {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        for (String name :
                List.of(
                        "train-images-idx3-ubyte.gz",
                        "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(REAL.resolve(name), copy.resolve(name));
        }
        String sums = Files.readString(REAL.resolve(Mnist.CHECKSUMS));
        String wrong = "0".repeat(64);
        String line =
                sums.lines()
                        .filter(l -> l.endsWith("train-images-idx3-ubyte.gz"))
                        .findFirst()
                        .get();
        Files.writeString(
                copy.resolve(Mnist.CHECKSUMS), sums.replace(line, wrong + line.substring(64)));

        Path bad = copy.resolve("train-images-idx3-ubyte.gz");
        assertThat(failure(copy, bad).getMessage()).contains(wrong, "re-copy it");
    }

    @Test
    void malformedChecksumFile() throws IOException {
        fake(dir);
        Path sums = Files.writeString(dir.resolve(Mnist.CHECKSUMS), "not a checksum\n");
        assertThat(failure(dir, sums).getMessage()).contains("line 1");
    }

    @Test
    void countsMustAgree() throws IOException {
        fake(dir);
        Path labels = Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(2));
        assertThat(failure(dir, labels).getMessage()).contains("holds 2 labels", "3 images");
    }

    @Test
    void imagesMustBe28By28() throws IOException {
        fake(dir);
        Path images =
                Files.write(
                        dir.resolve("train-images-idx3-ubyte"),
                        IdxFiles.idx(0x08, new int[] {3, 32, 32}, new byte[3 * 1024]));
        assertThat(failure(dir, images).getMessage()).contains("[n, 28, 28]");
    }

    @Test
    void labelsMustBeDigits() throws IOException {
        fake(dir);
        Path labels =
                Files.write(
                        dir.resolve("train-labels-idx1-ubyte"),
                        IdxFiles.idx(0x08, new int[] {3}, new byte[] {1, 10, 2}));
        assertThat(failure(dir, labels).getMessage()).contains("label 1 is 10");
    }

    @Test
    void aFileLinkedFromOutsideTheFolderIsRefusedWithThePathAndTheFix() throws IOException {
        Path data = dir.resolve("data");
        fake(data);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path outside = moveTrainLabels(data, elsewhere);
        Path link = Files.createSymbolicLink(data.resolve("train-labels-idx1-ubyte"), outside);
        assertThat(failure(data, link).getMessage())
                .contains(
                        "is a symbolic link to " + outside.toRealPath(),
                        "outside " + data,
                        "Copy the file into " + data);
    }

    @Test
    void aChecksumFileLinkedFromOutsideTheFolderIsRefused() throws IOException {
        Path data = dir.resolve("data");
        fake(data);
        Path outside = Files.writeString(dir.resolve("sums"), "");
        Path link = Files.createSymbolicLink(data.resolve(Mnist.CHECKSUMS), outside);
        assertThat(failure(data, link).getMessage()).contains("is a symbolic link to");
    }

    @Test
    void linksThatStayInsideTheFolderAndALinkedFolderAreFollowed() throws IOException {
        Path data = dir.resolve("data");
        fake(data);
        Path versions = Files.createDirectories(data.resolve("v1"));
        Path inside = moveTrainLabels(data, versions);
        Files.createSymbolicLink(data.resolve("train-labels-idx1-ubyte"), data.relativize(inside));
        Path linkedFolder = Files.createSymbolicLink(dir.resolve("linked"), data);
        assertThat(Mnist.load(data).train().size()).isEqualTo(3);
        assertThat(Mnist.load(linkedFolder).train().size()).isEqualTo(3);
    }

    /** Moves the training labels out of {@code data} into {@code folder}; returns the new path. */
    private static Path moveTrainLabels(Path data, Path folder) throws IOException {
        String name = "train-labels-idx1-ubyte";
        return Files.move(data.resolve(name), folder.resolve(name));
    }
}
