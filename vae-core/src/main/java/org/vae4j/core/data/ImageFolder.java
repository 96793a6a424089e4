package org.vae4j.core.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Loads a folder of PNG and JPEG images with one subfolder per class: the classes are the
 * subfolders in name order, numbered from 0. A fixed sixth of the files make the test set, chosen
 * by {@link #inTest}; every image must have the same size. Grey images give one channel; if any
 * image is in colour, every image gives three (red, green, blue), grey ones repeated. Alpha is
 * dropped.
 */
final class ImageFolder {
    /** One file in this many goes to the test set. */
    static final int TEST_ONE_IN = 6;

    private static final String FIX =
            "Put PNG or JPEG images of one size in one subfolder per class";

    private ImageFolder() {}

    /** Returns whether a folder's entries include a subfolder (that is not hidden). */
    static boolean holds(List<Path> entries) {
        return entries.stream().anyMatch(p -> !hidden(p) && Files.isDirectory(p));
    }

    /**
     * Returns whether the file of this name belongs to the test set: the CRC-32 of its UTF-8 bytes
     * is a multiple of {@value #TEST_ONE_IN}. It depends on the name alone, so adding, removing or
     * moving other files never moves it.
     */
    static boolean inTest(String fileName) {
        CRC32 crc = new CRC32();
        crc.update(fileName.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % TEST_ONE_IN == 0;
    }

    /**
     * Loads the folder, checking every image against {@code SHA256SUMS} (listed as {@code
     * class/file}) when there is one.
     *
     * @throws DataFormatException if a class has no images, an image cannot be read or differs in
     *     size from the first, or the training or the test set would be empty
     */
    static ImageData load(Path dir) {
        List<Path> classes =
                DataFiles.list(dir).stream()
                        .filter(p -> !hidden(p) && Files.isDirectory(p))
                        .toList();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> images =
                    DataFiles.list(classes.get(c)).stream().filter(ImageFolder::isImage).toList();
            if (images.isEmpty()) {
                throw new DataFormatException(
                        classes.get(c),
                        "holds no .png, .jpg or .jpeg files, but every subfolder is a class",
                        "Add images of that class or remove the folder");
            }
            for (Path f : images) {
                DataFiles.requireInside(dir, f);
                files.add(f);
                labels.add(c);
            }
        }
        DataFiles.verifyChecksums(dir, files);
        return read(dir, files, labels, classes.size());
    }

    private static ImageData read(Path dir, List<Path> files, List<Integer> labels, int classes) {
        Path first = files.get(0);
        BufferedImage firstImage = decode(first);
        int height = firstImage.getHeight();
        int width = firstImage.getWidth();
        byte[][] pixels = new byte[files.size()][];
        boolean colour = false;
        for (int i = 0; i < files.size(); i++) {
            BufferedImage image = i == 0 ? firstImage : decode(files.get(i));
            if (image.getHeight() != height || image.getWidth() != width) {
                throw new DataFormatException(
                        files.get(i),
                        "is "
                                + image.getWidth()
                                + "x"
                                + image.getHeight()
                                + " pixels, but "
                                + dir.relativize(first)
                                + " is "
                                + width
                                + "x"
                                + height,
                        "Resize the images to one size");
            }
            pixels[i] = pixels(image);
            colour |= pixels[i].length > height * width;
        }
        ImageShape shape = new ImageShape(colour ? 3 : 1, height, width);
        if ((long) files.size() * shape.features() > IdxReader.MAX_DATA_BYTES) {
            throw new DataFormatException(
                    dir,
                    files.size() + " images of " + shape + " are more than one Java array holds",
                    "Use fewer or smaller images");
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            (inTest(files.get(i).getFileName().toString()) ? test : train).add(i);
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new DataFormatException(
                    dir,
                    "none of its "
                            + files.size()
                            + " images falls in the "
                            + (train.isEmpty() ? "training" : "test")
                            + " set (one file in "
                            + TEST_ONE_IN
                            + " is a test image, chosen by a hash of its name)",
                    "Add more images");
        }
        return new ImageData(
                "images",
                dataset(train, pixels, labels, shape),
                dataset(test, pixels, labels, shape),
                shape,
                classes);
    }

    private static Dataset dataset(
            List<Integer> rows, byte[][] pixels, List<Integer> labels, ImageShape shape) {
        int features = shape.features();
        byte[] out = new byte[rows.size() * features];
        int[] l = new int[rows.size()];
        int plane = shape.height() * shape.width();
        for (int r = 0; r < rows.size(); r++) {
            byte[] p = pixels[rows.get(r)];
            for (int k = 0; k < shape.channels(); k++) {
                // a grey image fills every channel of a colour dataset
                System.arraycopy(
                        p, p.length == plane ? 0 : k * plane, out, r * features + k * plane, plane);
            }
            l[r] = labels.get(rows.get(r));
        }
        return Dataset.wrapUnsignedBytes(out, rows.size(), features, l);
    }

    private static BufferedImage decode(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(
                    file, "cannot be decoded (" + e.getMessage() + ")", "Re-save it as PNG", e);
        }
        if (image == null) {
            throw new DataFormatException(
                    file, "is not an image that this JDK can read", "Re-save it as PNG or JPEG");
        }
        return image;
    }

    /**
     * Returns an image's pixels channel-major as unsigned bytes: one plane if it is grey (one
     * colour component, or a palette of greys), else three.
     */
    private static byte[] pixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        boolean grey = cm.getNumColorComponents() == 1 || greyPalette(cm);
        byte[] out = new byte[(grey ? 1 : 3) * h * w];
        if (cm.getNumColorComponents() == 1) {
            Raster raster = image.getRaster();
            double scale = 255.0 / ((1L << cm.getComponentSize(0)) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) Math.round(raster.getSample(x, y, 0) * scale);
                }
            }
            return out;
        }
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int p = y * w + x;
                out[p] = (byte) (rgb >> 16);
                if (!grey) {
                    out[plane + p] = (byte) (rgb >> 8);
                    out[2 * plane + p] = (byte) rgb;
                }
            }
        }
        return out;
    }

    private static boolean greyPalette(ColorModel cm) {
        if (!(cm instanceof IndexColorModel icm)) {
            return false;
        }
        for (int i = 0; i < icm.getMapSize(); i++) {
            int r = icm.getRed(i);
            if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !hidden(p)
                && Files.isRegularFile(p)
                && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
