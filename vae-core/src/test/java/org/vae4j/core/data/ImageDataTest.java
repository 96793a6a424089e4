package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads IDX, .npy and image folders of any image size, and refuses bad ones in one line. */
class ImageDataTest {
    @TempDir Path dir;

    /** Image i's pixel (y, x) of channel c, distinct for every index of 2 images of 2x3x3. */
    private static int value(int i, int y, int x, int c) {
        return 100 * i + 30 * y + 10 * x + c;
    }

    /** Two 2x3 colour images, [n, h, w, c] order. */
    private static byte[] channelsLast() {
        byte[] b = new byte[2 * 2 * 3 * 3];
        int k = 0;
        for (int i = 0; i < 2; i++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    for (int c = 0; c < 3; c++) {
                        b[k++] = (byte) value(i, y, x, c);
                    }
                }
            }
        }
        return b;
    }

    private static void assertChannelMajor(Dataset d) {
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        assertThat(d.value(i, c * 6 + y * 3 + x))
                                .isEqualTo(value(i, y, x, c) / 255f);
                    }
                }
            }
        }
    }

    private static byte[] labels(int... l) {
        byte[] b = new byte[l.length];
        for (int i = 0; i < l.length; i++) {
            b[i] = (byte) l[i];
        }
        return b;
    }

    private static String failure(Path folder, Path named) {
        DataFormatException e =
                catchThrowableOfType(() -> ImageData.load(folder), DataFormatException.class);
        assertThat(e).as("no failure").isNotNull();
        assertThat(e.getMessage()).startsWith(named + ": ").doesNotContain("\n");
        return e.getMessage();
    }

    private void idx(String name, int type, int[] dims, byte[] data) throws IOException {
        Files.write(dir.resolve(name), IdxFiles.gzip(IdxFiles.idx(type, dims, data)));
    }

    private Path npy(String name, String descr, int[] shape, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), NpyFiles.npy(descr, shape, data));
    }

    @Test
    void idxColourImagesBecomeChannelMajorRows() throws IOException {
        idx("train-images-idx4-ubyte.gz", 0x08, new int[] {2, 2, 3, 3}, channelsLast());
        idx("t10k-images-idx4-ubyte.gz", 0x08, new int[] {2, 2, 3, 3}, channelsLast());
        idx("train-labels-idx1-ubyte.gz", 0x08, new int[] {2}, labels(0, 4));
        idx("t10k-labels-idx1-ubyte.gz", 0x08, new int[] {2}, labels(1, 1));
        ImageData data = ImageData.load(dir);
        assertThat(data.format()).isEqualTo("idx");
        assertThat(data.shape()).isEqualTo(new ImageShape(3, 2, 3));
        assertThat(data.classes()).isEqualTo(5);
        assertChannelMajor(data.train());
        assertThat(data.test().labels().orElseThrow()).containsExactly(1, 1);
        assertThat(data.limit(1).train().size()).isEqualTo(1);
        assertThat(data.limit(1).classes()).isEqualTo(5);
    }

    @Test
    void idxFloatGreyImagesWithoutLabelsAreTakenAsTheyAre() throws IOException {
        ByteBuffer floats = ByteBuffer.allocate(4 * 2 * 4);
        for (int i = 0; i < 8; i++) {
            floats.putFloat(i * 0.5f - 1);
        }
        idx("train-images-idx3-ubyte", 0x0D, new int[] {2, 2, 2}, floats.array());
        idx("t10k-images-idx3-ubyte", 0x0D, new int[] {2, 2, 2}, floats.array());
        ImageData data = ImageData.load(dir);
        assertThat(data.shape()).isEqualTo(new ImageShape(1, 2, 2));
        assertThat(data.classes()).isZero();
        assertThat(data.train().labels()).isEmpty();
        assertThat(data.test().gather(new int[] {1})).containsExactly(1f, 1.5f, 2f, 2.5f);
    }

    @Test
    void badIdxFoldersAreOneLineErrors() throws IOException {
        idx("train-labels-idx1-ubyte", 0x08, new int[] {2}, labels(0, 1));
        assertThat(failure(dir, dir))
                .contains("train-labels-idx1-ubyte is there, but neither train-images-idx3-ubyte");
        idx("train-images-idx3-ubyte", 0x08, new int[] {2, 4, 4}, new byte[32]);
        idx("t10k-images-idx3-ubyte", 0x08, new int[] {2, 4, 5}, new byte[40]);
        assertThat(failure(dir, dir)).contains("t10k-labels-idx1-ubyte is not");
        Files.delete(dir.resolve("train-labels-idx1-ubyte"));
        assertThat(failure(dir, dir.resolve("t10k-images-idx3-ubyte")))
                .contains("images of 1x4x5, but train-images-idx3-ubyte holds images of 1x4x4");
        idx("t10k-images-idx3-ubyte", 0x08, new int[] {2, 4, 4, 4}, new byte[128]);
        assertThat(failure(dir, dir.resolve("t10k-images-idx3-ubyte"))).contains("4 channels");
        idx("t10k-images-idx3-ubyte", 0x0C, new int[] {2, 4, 4}, new byte[128]);
        assertThat(failure(dir, dir.resolve("t10k-images-idx3-ubyte")))
                .contains("unsigned bytes or floats");
        idx("t10k-images-idx3-ubyte", 0x08, new int[] {2, 4, 4}, new byte[32]);
        idx("train-labels-idx1-ubyte", 0x08, new int[] {3}, labels(0, 1, 2));
        idx("t10k-labels-idx1-ubyte", 0x08, new int[] {2}, labels(0, 1));
        assertThat(failure(dir, dir.resolve("train-labels-idx1-ubyte")))
                .contains("holds 3 labels, but train-images-idx3-ubyte holds 2 images");
        byte[] cut = IdxFiles.idx(0x08, new int[] {2, 4, 4}, new byte[20]);
        Path truncated = Files.write(dir.resolve("train-images-idx3-ubyte"), cut);
        assertThat(failure(dir, truncated)).contains("truncated");
    }

    @Test
    void checksumsAreVerifiedForEveryLayout() throws IOException {
        npy("train-images.npy", "|u1", new int[] {1, 2, 2}, new byte[4]);
        Path test = npy("test-images.npy", "|u1", new int[] {1, 2, 2}, new byte[4]);
        Files.writeString(
                dir.resolve(Mnist.CHECKSUMS),
                sha256(test) + "  test-images.npy\n" + "0".repeat(64) + "  train-images.npy\n");
        assertThat(failure(dir, dir.resolve("train-images.npy"))).contains("SHA-256 is");
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void npyColourImagesAndInt64Labels() throws IOException {
        npy("train-images.npy", "|u1", new int[] {2, 2, 3, 3}, channelsLast());
        npy("test-images.npy", "|u1", new int[] {2, 2, 3, 3}, channelsLast());
        npy("train-labels.npy", "<i8", new int[] {2}, NpyFiles.longs(2, 0));
        npy("test-labels.npy", "|u1", new int[] {2}, labels(1, 0));
        ImageData data = ImageData.load(dir);
        assertThat(data.format()).isEqualTo("npy");
        assertThat(data.shape()).isEqualTo(new ImageShape(3, 2, 3));
        assertThat(data.classes()).isEqualTo(3);
        assertChannelMajor(data.train());
        assertThat(data.train().labels().orElseThrow()).containsExactly(2, 0);
    }

    @Test
    void npyFloatColourImagesAreTransposedToo() throws IOException {
        byte[] bytes = channelsLast();
        float[] f = new float[bytes.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (bytes[i] & 0xFF) / 255f;
        }
        int[] shape = {2, 2, 3, 3};
        npy("train-images.npy", "<f4", shape, NpyFiles.floats(f));
        npy("test-images.npy", "<f4", shape, NpyFiles.floats(f));
        assertChannelMajor(ImageData.load(dir).test());
        f[5] = Float.NaN;
        Path nan = npy("test-images.npy", "<f4", shape, NpyFiles.floats(f));
        assertThat(failure(dir, nan)).contains("value 5 is NaN");
    }

    @Test
    void badNpyFoldersAreOneLineErrors() throws IOException {
        Path labels = npy("train-labels.npy", "|u1", new int[] {1}, new byte[1]);
        assertThat(failure(dir, dir))
                .contains("train-labels.npy is there, but train-images.npy is not");
        npy("train-images.npy", "|u1", new int[] {1, 2, 2}, new byte[4]);
        npy("test-images.npy", "|u1", new int[] {1, 2, 2}, new byte[4]);
        assertThat(failure(dir, dir))
                .contains("train-labels.npy is there but test-labels.npy is not");
        npy("test-labels.npy", "|u1", new int[] {1}, new byte[1]);
        npy("train-labels.npy", "<i8", new int[] {1}, NpyFiles.longs(-1));
        assertThat(failure(dir, labels))
                .contains("label 0 is -1, but labels are class numbers 0 to 65535");
        npy("train-labels.npy", "<f4", new int[] {1}, NpyFiles.floats(1));
        assertThat(failure(dir, labels)).contains("labels are integers");
        npy("train-labels.npy", "|u1", new int[] {2}, new byte[2]);
        assertThat(failure(dir, labels)).contains("holds 2 labels, but train-images.npy holds 1");
        npy("train-labels.npy", "|u1", new int[] {1}, new byte[1]);
        Path images = npy("train-images.npy", "<i4", new int[] {1, 2, 2}, new byte[16]);
        assertThat(failure(dir, images)).contains("|u1 (uint8) or <f4 (float32)");
        npy("train-images.npy", "|u1", new int[] {1, 4}, new byte[4]);
        assertThat(failure(dir, images)).contains("[1, 4]", "[n, height, width]");
    }

    private static void png(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
    }

    private static BufferedImage grey(int w, int h, int level) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(0, 0, 0, level);
        return image;
    }

    /** The first n of prefix-0.png, prefix-1.png, ... that the hash puts in the test set or not. */
    private static List<String> names(String prefix, boolean test, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; names.size() < n; i++) {
            String name = prefix + "-" + i + ".png";
            if (ImageFolder.inTest(name) == test) {
                names.add(name);
            }
        }
        return names;
    }

    @Test
    void anImageFolderHasOneClassPerSubfolderAndAStableSplit() throws IOException {
        for (String name : names("cat", false, 3)) {
            png(dir.resolve("cats").resolve(name), grey(4, 3, 200));
        }
        png(dir.resolve("cats").resolve(names("cat", true, 1).get(0)), grey(4, 3, 51));
        for (String name : names("dog", false, 2)) {
            png(dir.resolve("dogs").resolve(name), grey(4, 3, 0));
        }
        png(dir.resolve("dogs").resolve(names("dog", true, 1).get(0)), grey(4, 3, 255));
        Files.writeString(dir.resolve("dogs").resolve("notes.txt"), "not an image");
        ImageData grey = ImageData.load(dir);
        assertThat(grey.format()).isEqualTo("images");
        assertThat(grey.shape()).isEqualTo(new ImageShape(1, 3, 4));
        assertThat(grey.classes()).isEqualTo(2);
        assertThat(grey.train().labels().orElseThrow()).containsExactly(0, 0, 0, 1, 1);
        assertThat(grey.test().labels().orElseThrow()).containsExactly(0, 1);
        assertThat(grey.test().value(0, 0)).isEqualTo(51 / 255f);
        assertThat(grey.test().value(1, 0)).isEqualTo(1f);

        BufferedImage red = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        red.setRGB(1, 2, 0xff0000);
        png(dir.resolve("birds").resolve(names("bird", false, 1).get(0)), red);
        ImageData colour = ImageData.load(dir);
        assertThat(colour.shape()).isEqualTo(new ImageShape(3, 3, 4));
        assertThat(colour.classes()).isEqualTo(3);
        assertThat(colour.train().labels().orElseThrow()).containsExactly(0, 1, 1, 1, 2, 2);
        assertThat(colour.test().size()).as("adding files moves no other file").isEqualTo(2);
        float[] bird = colour.train().gather(new int[] {0});
        assertThat(bird[2 * 4 + 1]).as("red at (1, 2)").isEqualTo(1f);
        assertThat(bird[12 + 2 * 4 + 1]).as("no green at (1, 2)").isZero();
        float[] cat = colour.test().gather(new int[] {0});
        for (int c = 0; c < 3; c++) {
            assertThat(cat[12 * c]).as("a grey image in every channel").isEqualTo(51 / 255f);
        }
    }

    @Test
    void theSplitIsPinnedAndTakesAboutOneFileInSix() {
        // pinned: a changed hash would move images between the sets of existing runs
        assertThat(
                        IntStream.range(0, 60)
                                .filter(i -> ImageFolder.inTest("img" + i + ".png"))
                                .toArray())
                .containsExactly(9, 19, 28, 30, 31, 33, 40, 41, 43, 44, 47);
        long tests = IntStream.range(0, 6000).filter(i -> ImageFolder.inTest(i + ".jpg")).count();
        assertThat(tests).isBetween(900L, 1100L);
    }

    @Test
    void badImageFoldersAreOneLineErrors() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        assertThat(failure(dir, a)).contains("holds no .png, .jpg or .jpeg files");
        List<String> train = names("x", false, 2);
        png(a.resolve(train.get(0)), grey(4, 4, 0));
        assertThat(failure(dir, dir)).contains("none of its 1 images falls in the test set");
        png(a.resolve(names("x", true, 1).get(0)), grey(4, 4, 0));
        Path odd = a.resolve(train.get(1));
        png(odd, grey(4, 5, 0));
        assertThat(failure(dir, odd))
                .contains("is 4x5 pixels, but a" + File.separator + train.get(0) + " is 4x4");
        Files.write(odd, new byte[] {1, 2, 3});
        assertThat(failure(dir, odd)).contains("not an image");
    }

    @Test
    void otherFoldersAreRefusedNamingTheLayouts() throws IOException {
        Path none = dir.resolve("none");
        assertThat(failure(none, none)).contains("no such folder", ".npy", "IDX", "PNG");
        Files.writeString(dir.resolve("readme.txt"), "hi");
        assertThat(failure(dir, dir)).contains("holds no image data");
    }

    @Test
    void mnistKeepsItsShapeAndClasses() {
        ImageData mnist = ImageData.of(Mnist.load(Path.of("..", "data", "mnist")));
        assertThat(mnist.format()).isEqualTo("mnist");
        assertThat(mnist.shape()).isEqualTo(ImageShape.MNIST);
        assertThat(mnist.shape().features()).isEqualTo(Mnist.FEATURES);
        assertThat(mnist.classes()).isEqualTo(10);
        assertThat(ImageShape.parse(mnist.shape().toString())).isEqualTo(ImageShape.MNIST);
    }
}
