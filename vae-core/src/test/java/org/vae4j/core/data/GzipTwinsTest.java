package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data file read plain gets the same {@code SHA256SUMS} check as its gzipped form: a stray
 * uncompressed twin is compared with the {@code .gz}, or refused when it cannot be checked.
 */
class GzipTwinsTest {
    private static final Path REAL = Path.of("..", "data", "mnist");
    private static final String TRAIN = "train-images-idx3-ubyte";

    @TempDir Path dir;

    /** The reported case: MNIST's .gz files and their sums, and another set's images unpacked. */
    @Test
    void aStrayUncompressedFileThatDiffersFromTheCheckedGzIsRefused() throws IOException {
        for (String name :
                List.of(
                        TRAIN + ".gz",
                        "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz",
                        Mnist.CHECKSUMS)) {
            Files.copy(REAL.resolve(name), dir.resolve(name));
        }
        Path stray = dir.resolve(TRAIN);
        Files.write(stray, gunzip(REAL.resolve("t10k-images-idx3-ubyte.gz")));

        assertThat(failure(() -> Mnist.load(dir), stray))
                .contains("holds other data than " + TRAIN + ".gz beside it", "reads neither")
                .endsWith("Delete " + stray + "; " + TRAIN + ".gz matches SHA256SUMS");
    }

    @Test
    void anUncompressedCopyOfTheCheckedGzIsRead() throws IOException {
        fakeGzipped();
        Files.write(dir.resolve(TRAIN), images(3, 7));
        assertThat(Mnist.load(dir).train().gather(new int[] {0})[0]).isEqualTo(7 / 255f);
    }

    @Test
    void twinsThatDifferAreRefusedWithoutSums() throws IOException {
        fakeGzipped();
        Files.delete(dir.resolve(Mnist.CHECKSUMS));
        Path stray = Files.write(dir.resolve(TRAIN), images(3, 8));
        assertThat(failure(() -> Mnist.load(dir), stray))
                .contains("holds other data than " + TRAIN + ".gz")
                .endsWith("Delete the one that is wrong, or both and restore the originals");
        assertThat(failure(() -> ImageData.load(dir), stray)).contains("reads neither");
    }

    @Test
    void anUncompressedFileWhoseGzAloneIsListedIsRefused() throws IOException {
        fakeGzipped();
        Files.delete(dir.resolve(TRAIN + ".gz"));
        Path plain = Files.write(dir.resolve(TRAIN), images(3, 7));
        assertThat(failure(() -> Mnist.load(dir), plain))
                .contains("SHA256SUMS lists only " + TRAIN + ".gz", "cannot be checked")
                .contains("sha256sum " + TRAIN + " >> SHA256SUMS");
    }

    @Test
    void aGzWhosePlainFormAloneIsListedIsCheckedDecompressed() throws IOException {
        fakeGzipped();
        Path gz = dir.resolve(TRAIN + ".gz");
        String sums = Files.readString(dir.resolve(Mnist.CHECKSUMS));
        String byPlainName =
                sums.replace(sha256(Files.readAllBytes(gz)) + "  " + TRAIN + ".gz", "")
                        + sha256(images(3, 7))
                        + "  "
                        + TRAIN
                        + "\n";
        Files.writeString(dir.resolve(Mnist.CHECKSUMS), byPlainName);
        assertThat(Mnist.load(dir).train().size()).isEqualTo(3);

        Files.write(gz, IdxFiles.gzip(images(3, 9)));
        assertThat(failure(() -> Mnist.load(dir), gz))
                .contains("decompresses to content of SHA-256", "lists " + sha256(images(3, 7)));
    }

    @Test
    void aFolderOrFifoWhereADataFileShouldBeIsNamedAsSuch() throws Exception {
        fakeGzipped();
        Path folder = Files.createDirectory(dir.resolve(TRAIN));
        assertThat(failure(() -> Mnist.load(dir), folder))
                .contains("is a folder, but vae4j reads a data file of that name");
        Files.delete(folder);
        Path sums = dir.resolve(Mnist.CHECKSUMS);
        Files.delete(sums);
        Files.createDirectory(sums);
        assertThat(failure(() -> Mnist.load(dir), sums)).contains("is a folder");
        Files.delete(sums);

        Path fifo = dir.resolve(TRAIN);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0) {
            assertThat(failure(() -> Mnist.load(dir), fifo))
                    .contains("is not a regular file (a FIFO, a device or a socket)");
        }
    }

    /** Writes the four files gzipped, pixels 7, with a SHA256SUMS listing each .gz. */
    private void fakeGzipped() throws IOException {
        StringBuilder sums = new StringBuilder();
        write(TRAIN + ".gz", IdxFiles.gzip(images(3, 7)), sums);
        write("train-labels-idx1-ubyte.gz", IdxFiles.gzip(labels(3)), sums);
        write("t10k-images-idx3-ubyte.gz", IdxFiles.gzip(images(2, 7)), sums);
        write("t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(labels(2)), sums);
        Files.writeString(dir.resolve(Mnist.CHECKSUMS), sums);
    }

    private void write(String name, byte[] bytes, StringBuilder sums) throws IOException {
        Files.write(dir.resolve(name), bytes);
        sums.append(sha256(bytes)).append("  ").append(name).append('\n');
    }

    private static byte[] images(int n, int pixel) {
        byte[] px = new byte[n * 784];
        Arrays.fill(px, (byte) pixel);
        return IdxFiles.idx(0x08, new int[] {n, 28, 28}, px);
    }

    private static byte[] labels(int n) {
        return IdxFiles.idx(0x08, new int[] {n}, new byte[n]);
    }

    private static String failure(Runnable load, Path named) {
        DataFormatException e = catchThrowableOfType(load::run, DataFormatException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).startsWith(named + ": ").doesNotContain("\n");
        return e.getMessage();
    }

    private static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
