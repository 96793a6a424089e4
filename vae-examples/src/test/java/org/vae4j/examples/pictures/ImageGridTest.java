package org.vae4j.examples.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.vae4j.core.data.ImageShape;

class ImageGridTest {
    private static final int SEPARATOR = ImageGrid.SEPARATOR_COLOR.getRGB();
    private static final int BLACK = 0xff000000;
    private static final int WHITE = 0xffffffff;

    @Test
    void gridSizeFollowsColumnsScaleAndSeparator() {
        BufferedImage image =
                ImageGrid.of(new float[5 * 3 * 2], 5, 3, 2)
                        .columns(3)
                        .scale(2)
                        .separator(1)
                        .render();

        // 3 columns of 6 px and 2 rows of 4 px, with a 1 px line around every cell.
        assertThat(image.getWidth()).isEqualTo(1 + 3 * (6 + 1));
        assertThat(image.getHeight()).isEqualTo(1 + 2 * (4 + 1));
    }

    @Test
    void whitePixelOfImageKLandsInItsCell() {
        int count = 5;
        int w = 3;
        int h = 2;
        float[] pixels = new float[count * w * h];
        pixels[4 * w * h + 1 * w + 2] = 1f; // image 4, row 1, column 2

        BufferedImage image =
                ImageGrid.of(pixels, count, w, h).columns(3).scale(2).separator(1).render();

        // Image 4 sits in grid row 1, column 1: its cell starts at (1 + 7, 1 + 5).
        int x0 = 8 + 2 * 2;
        int y0 = 6 + 1 * 2;
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                assertThat(image.getRGB(x0 + dx, y0 + dy)).isEqualTo(WHITE);
            }
        }
        assertThat(image.getRGB(x0 - 1, y0)).isEqualTo(BLACK);
        assertThat(image.getRGB(x0, y0 - 1)).isEqualTo(BLACK);
        assertThat(countOf(image, WHITE)).isEqualTo(4);
    }

    @Test
    void separatorsFrameCellsAndFillEmptySlots() {
        BufferedImage image =
                ImageGrid.of(new float[5 * 9], 5, 3, 3).columns(3).scale(1).separator(1).render();

        assertThat(image.getRGB(0, 0)).isEqualTo(SEPARATOR);
        assertThat(image.getRGB(4, 2)).as("between columns 0 and 1").isEqualTo(SEPARATOR);
        assertThat(image.getRGB(2, 4)).as("between rows 0 and 1").isEqualTo(SEPARATOR);
        assertThat(image.getRGB(1, 1)).isEqualTo(BLACK);
        assertThat(image.getRGB(10, 6)).as("the sixth slot is empty").isEqualTo(SEPARATOR);
    }

    @Test
    void valuesAreClampedAndNanIsMarked() {
        float[] pixels = {-1f, 2f, 0.5f, Float.NaN, Float.POSITIVE_INFINITY, 0.25f};

        BufferedImage image = ImageGrid.of(pixels, 1, 6, 1).scale(1).separator(0).render();

        assertThat(image.getRGB(0, 0)).isEqualTo(BLACK);
        assertThat(image.getRGB(1, 0)).isEqualTo(WHITE);
        assertThat(image.getRGB(2, 0)).isEqualTo(0xff808080);
        assertThat(image.getRGB(3, 0)).isEqualTo(ImageGrid.NAN_COLOR.getRGB());
        assertThat(image.getRGB(4, 0)).isEqualTo(WHITE);
        assertThat(image.getRGB(5, 0)).isEqualTo(0xff404040);
    }

    @Test
    void defaultScaleIsTwo() {
        BufferedImage image = ImageGrid.of(new float[4 * 28 * 28], 4, 28, 28).render();

        assertThat(image.getWidth()).isEqualTo(2 + 2 * (56 + 2));
    }

    @Test
    void pairsPutReconstructionsUnderOriginals() {
        int count = 4;
        float[] originals = new float[count * 4];
        float[] reconstructions = new float[count * 4];
        originals[3 * 4] = 1f; // image 3, top-left pixel
        reconstructions[3 * 4] = Float.NaN;

        BufferedImage image =
                ImageGrid.pairs(originals, reconstructions, count, 2, 2)
                        .columns(2)
                        .scale(1)
                        .separator(1)
                        .render();

        // Two bands of (2 + 1 + 2) px, 6 px apart, inside a 1 px border.
        assertThat(image.getWidth()).isEqualTo(1 + 2 * 3);
        assertThat(image.getHeight()).isEqualTo(1 + 5 + 6 + 5 + 1);
        assertThat(image.getRGB(4, 12)).isEqualTo(WHITE);
        assertThat(image.getRGB(4, 15)).isEqualTo(ImageGrid.NAN_COLOR.getRGB());
        assertThat(image.getRGB(4, 14)).isEqualTo(SEPARATOR);
        assertThat(image.getRGB(4, 9)).as("gap between bands").isEqualTo(SEPARATOR);
    }

    @Test
    void labelsWidenTheImageAndAreDrawn() {
        float[] x = new float[2 * 28 * 28];
        BufferedImage plain = ImageGrid.pairs(x, x, 2, 28, 28).render();
        BufferedImage labelled = ImageGrid.pairs(x, x, 2, 28, 28).labels("input", "recon").render();

        int gutter = labelled.getWidth() - plain.getWidth();
        assertThat(gutter).isGreaterThan(20);
        assertThat(labelled.getHeight()).isEqualTo(plain.getHeight());
        int ink = 0;
        for (int y = 0; y < labelled.getHeight(); y++) {
            for (int gx = 0; gx < gutter; gx++) {
                ink += labelled.getRGB(gx, y) != SEPARATOR ? 1 : 0;
            }
        }
        assertThat(ink).isGreaterThan(20);
        assertThatThrownBy(() -> ImageGrid.of(x, 2, 28, 28).labels("a", "b"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void colourImagesDrawTheirRedGreenAndBluePlanes() {
        ImageShape shape = new ImageShape(3, 1, 2);
        float[] pixels = {1f, 0f, 0f, 0.5f, 0f, Float.NaN}; // red planes, then green, then blue
        BufferedImage image = ImageGrid.of(pixels, 1, shape).scale(1).separator(0).render();
        assertThat(image.getRGB(0, 0)).isEqualTo(0xffff0000);
        assertThat(image.getRGB(1, 0)).isEqualTo(ImageGrid.NAN_COLOR.getRGB());
        BufferedImage pairs = ImageGrid.pairs(pixels, pixels, 1, shape).render();
        assertThat(pairs.getRGB(2, 2)).isEqualTo(0xffff0000);
        assertThatThrownBy(() -> ImageGrid.of(new float[4], 1, shape))
                .hasMessageContaining("1 images of 3x1x2 need 6");
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> ImageGrid.of(new float[10], 2, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10")
                .hasMessageContaining("8");
        assertThatThrownBy(() -> ImageGrid.of(new float[0], 0, 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageGrid.pairs(new float[8], new float[4], 2, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reconstructions");
        assertThatThrownBy(() -> ImageGrid.of(new float[4], 1, 2, 2).scale(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageGrid.of(new float[4], 1, 2, 2).columns(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> ImageGrid.of(new float[4], 1, 2, 2).scale(32).separator(0).render())
                .doesNotThrowAnyException();
    }

    @Test
    void refusesHugeImages() {
        assertThatThrownBy(
                        () ->
                                ImageGrid.of(new float[100 * 100 * 100], 100, 100, 100)
                                        .scale(32)
                                        .render())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixels");
    }

    private static int countOf(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += image.getRGB(x, y) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
