package org.vae4j.examples.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.io.AtomicFiles;

class PngTest {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void writesPngThatDecodesToTheSamePixels() throws IOException {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0x12ab34);
        image.setRGB(6, 4, 0xffffff);
        boolean[] closed = {false};
        ByteArrayOutputStream out =
                new ByteArrayOutputStream() {
                    @Override
                    public void close() {
                        closed[0] = true;
                    }
                };

        Png.writePng(image, out);

        byte[] bytes = out.toByteArray();
        assertThat(closed[0]).as("the caller's stream stays open").isFalse();
        assertThat(bytes).startsWith(SIGNATURE);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(back.getWidth()).isEqualTo(7);
        assertThat(back.getHeight()).isEqualTo(5);
        assertThat(back.getRGB(3, 2) & 0xffffff).isEqualTo(0x12ab34);
        assertThat(back.getRGB(6, 4) & 0xffffff).isEqualTo(0xffffff);
        assertThat(back.getRGB(0, 0) & 0xffffff).isZero();
    }

    @Test
    void gridSurvivesTheRoundTrip() throws IOException {
        float[] pixels = {0f, 0.5f, 1f, Float.NaN};
        BufferedImage grid = ImageGrid.of(pixels, 1, 2, 2).render();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Png.writePng(grid, out);

        BufferedImage back = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.getWidth()).isEqualTo(grid.getWidth());
        assertThat(back.getHeight()).isEqualTo(grid.getHeight());
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                assertThat(back.getRGB(x, y)).isEqualTo(grid.getRGB(x, y));
            }
        }
    }

    /**
     * A disk that fills while the encoder writes: the line names the picture and the system's
     * reason, not ImageIO's "I/O error writing PNG file!" nor a temporary file.
     */
    @Test
    void aFullDiskIsReportedWithThePictureItsReasonAndWhatIsKept(@TempDir Path dir) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            image.setRGB(i, (i * 7) % 64, 0x10000 * i + 37 * i);
        }
        Path target = dir.resolve("samples.png");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> Png.writePng(image, full(out))))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cannot write "
                                + target
                                + ": No space left on device. Nothing was written in its place."
                                + " Free space on that disk, or write elsewhere");
        assertThat(dir).isEmptyDirectory();
    }

    /** A stream that fails as a full disk does after 50 bytes. */
    private static OutputStream full(OutputStream out) {
        return new FilterOutputStream(out) {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 50) {
                    throw new IOException("No space left on device");
                }
                out.write(b);
            }
        };
    }
}
