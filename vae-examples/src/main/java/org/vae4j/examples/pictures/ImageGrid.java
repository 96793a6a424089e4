package org.vae4j.examples.pictures;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Objects;
import org.vae4j.core.data.ImageShape;

/**
 * Grey or colour images (values in [0, 1], row-major, 0 black and 1 white; a colour image is three
 * planes, red, green and blue, one after another) laid out in a grid, for samples, manifolds and
 * reconstructions. Values are clamped to [0, 1]; NaN is drawn in {@link #NAN_COLOR} so corrupted
 * output shows. Each image is upscaled by an integer factor (2 by default, so 28 x 28 digits are
 * legible) and framed by separator lines.
 *
 * <pre>{@code
 * BufferedImage samples = ImageGrid.of(pixels, 64, 28, 28).columns(8).render();
 * BufferedImage pairs = ImageGrid.pairs(x, xHat, 16, 28, 28).columns(8)
 *         .labels("input", "recon").render();
 * }</pre>
 *
 * <p>The setters change this object and return it; pixel arrays are read when {@link #render} runs,
 * not copied.
 */
public final class ImageGrid {
    /** Colour of the separator lines and of empty cells. */
    public static final Color SEPARATOR_COLOR = new Color(0x60, 0x60, 0x68);

    /** Colour of NaN pixels. */
    public static final Color NAN_COLOR = new Color(0xff, 0x00, 0x00);

    private static final Color LABEL_COLOR = new Color(0xf2, 0xf2, 0xf2);
    private static final long MAX_PIXELS = 1L << 28;

    private final float[] originals;
    private final float[] reconstructions;
    private final int count;
    private final int channels;
    private final int width;
    private final int height;
    private int columns;
    private int scale = 2;
    private int separator = 2;
    private String topLabel;
    private String bottomLabel;

    private ImageGrid(
            float[] originals,
            float[] reconstructions,
            int count,
            int channels,
            int width,
            int height) {
        this.originals = originals;
        this.reconstructions = reconstructions;
        this.count = count;
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.columns = (int) Math.ceil(Math.sqrt(count));
    }

    /**
     * A grid of {@code count} images of {@code width x height} pixels, stored one after another in
     * {@code pixels}. Columns default to {@code ceil(sqrt(count))}.
     *
     * @throws IllegalArgumentException if the sizes are not positive or do not match the array
     */
    public static ImageGrid of(float[] pixels, int count, int width, int height) {
        return of(pixels, count, new ImageShape(1, height, width));
    }

    /**
     * A grid of {@code count} images of {@code shape} (channel-major), stored one after another in
     * {@code pixels}. Columns default to {@code ceil(sqrt(count))}.
     *
     * @throws IllegalArgumentException if the count is not positive or does not match the array
     */
    public static ImageGrid of(float[] pixels, int count, ImageShape shape) {
        check("pixels", pixels, count, shape);
        return new ImageGrid(pixels, null, count, shape.channels(), shape.width(), shape.height());
    }

    /**
     * Reconstruction pairs: each band is a row of originals over a row of their reconstructions,
     * with a wider gap between bands. Both arrays hold {@code count} images of {@code width x
     * height} pixels in the same order.
     *
     * @throws IllegalArgumentException if the sizes are not positive or do not match the arrays
     */
    public static ImageGrid pairs(
            float[] originals, float[] reconstructions, int count, int width, int height) {
        return pairs(originals, reconstructions, count, new ImageShape(1, height, width));
    }

    /**
     * Reconstruction pairs of images of {@code shape} (channel-major); see {@link #pairs(float[],
     * float[], int, int, int)}.
     *
     * @throws IllegalArgumentException if the count is not positive or does not match the arrays
     */
    public static ImageGrid pairs(
            float[] originals, float[] reconstructions, int count, ImageShape shape) {
        check("originals", originals, count, shape);
        check("reconstructions", reconstructions, count, shape);
        return new ImageGrid(
                originals, reconstructions, count, shape.channels(), shape.width(), shape.height());
    }

    /** Images per row (per band for pairs); at least 1. */
    public ImageGrid columns(int columns) {
        this.columns = positive("columns", columns);
        return this;
    }

    /**
     * Integer upscale factor, each source pixel becoming a {@code scale x scale} block; 1 to 32.
     */
    public ImageGrid scale(int scale) {
        if (scale < 1 || scale > 32) {
            throw new IllegalArgumentException("Scale must be in [1, 32], got " + scale);
        }
        this.scale = scale;
        return this;
    }

    /** Width of the separator lines in output pixels, 0 to 16; 2 by default. */
    public ImageGrid separator(int pixels) {
        if (pixels < 0 || pixels > 16) {
            throw new IllegalArgumentException("Separator must be in [0, 16] px, got " + pixels);
        }
        this.separator = pixels;
        return this;
    }

    /**
     * Labels drawn in a gutter left of each band of a {@link #pairs} grid, for example {@code
     * "input"} and {@code "recon"}.
     *
     * @throws IllegalStateException if this grid was not made by {@link #pairs}
     */
    public ImageGrid labels(String originalsLabel, String reconstructionsLabel) {
        if (reconstructions == null) {
            throw new IllegalStateException("Row labels apply to ImageGrid.pairs(...) only");
        }
        this.topLabel = Objects.requireNonNull(originalsLabel, "originalsLabel");
        this.bottomLabel = Objects.requireNonNull(reconstructionsLabel, "reconstructionsLabel");
        return this;
    }

    /**
     * Draws the grid into a new RGB image.
     *
     * @throws IllegalArgumentException if the image would exceed 2^28 pixels
     */
    public BufferedImage render() {
        int cols = Math.min(columns, count);
        int bands = (count + cols - 1) / cols;
        int cellW = width * scale;
        int cellH = height * scale;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        int gutter = topLabel == null ? 0 : labelGutter(font);
        int bandGap = reconstructions == null ? separator : Math.max(6, 3 * separator);
        int rowsPerBand = reconstructions == null ? 1 : 2;
        int bandH = rowsPerBand * cellH + (rowsPerBand - 1) * separator;
        long imageW = gutter + separator + (long) cols * (cellW + separator);
        long imageH = 2L * separator + (long) bands * bandH + (long) (bands - 1) * bandGap;
        if (imageW * imageH > MAX_PIXELS) {
            throw new IllegalArgumentException(
                    "The grid would be "
                            + imageW
                            + " x "
                            + imageH
                            + " pixels; draw fewer images or use a smaller scale");
        }
        BufferedImage image =
                new BufferedImage((int) imageW, (int) imageH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(SEPARATOR_COLOR);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            int[] cell = new int[cellW * cellH];
            for (int k = 0; k < count; k++) {
                int x = gutter + separator + (k % cols) * (cellW + separator);
                int y = separator + (k / cols) * (bandH + bandGap);
                paint(image, cell, originals, k, x, y);
                if (reconstructions != null) {
                    paint(image, cell, reconstructions, k, x, y + cellH + separator);
                }
            }
            if (topLabel != null) {
                drawLabels(g, font, bands, bandH + bandGap, cellH);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private void paint(BufferedImage image, int[] cell, float[] source, int k, int x, int y) {
        int cellW = width * scale;
        int plane = width * height;
        int offset = k * channels * plane;
        for (int row = 0; row < height * scale; row++) {
            int sourceRow = offset + (row / scale) * width;
            for (int col = 0; col < cellW; col++) {
                int p = sourceRow + col / scale;
                cell[row * cellW + col] =
                        channels == 1
                                ? rgb(source[p], source[p], source[p])
                                : rgb(source[p], source[p + plane], source[p + 2 * plane]);
            }
        }
        image.setRGB(x, y, cellW, height * scale, cell, 0, cellW);
    }

    /** The RGB value drawn for one pixel: clamped channels, or {@link #NAN_COLOR}. */
    private static int rgb(float red, float green, float blue) {
        if (Float.isNaN(red) || Float.isNaN(green) || Float.isNaN(blue)) {
            return NAN_COLOR.getRGB();
        }
        return 0xff000000 | level(red) << 16 | level(green) << 8 | level(blue);
    }

    private static int level(float value) {
        return Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
    }

    private int labelGutter(Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics metrics = g.getFontMetrics(font);
            return Math.max(metrics.stringWidth(topLabel), metrics.stringWidth(bottomLabel)) + 12;
        } finally {
            g.dispose();
        }
    }

    private void drawLabels(Graphics2D g, Font font, int bands, int bandPitch, int cellH) {
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        g.setColor(LABEL_COLOR);
        FontMetrics metrics = g.getFontMetrics();
        int baseline = (cellH + metrics.getAscent() - metrics.getDescent()) / 2;
        for (int band = 0; band < bands; band++) {
            int y = separator + band * bandPitch + baseline;
            g.drawString(topLabel, 6, y);
            g.drawString(bottomLabel, 6, y + cellH + separator);
        }
    }

    private static void check(String name, float[] pixels, int count, ImageShape shape) {
        Objects.requireNonNull(pixels, name);
        positive("count", count);
        long expected = (long) count * shape.features();
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "%s holds %d values, but %d images of %s need %d",
                            name,
                            pixels.length,
                            count,
                            shape,
                            expected));
        }
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }
}
