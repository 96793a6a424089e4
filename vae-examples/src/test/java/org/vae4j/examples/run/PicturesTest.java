package org.vae4j.examples.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.train.EpochMetrics;

class PicturesTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void curvesReplaceTheOldFileWholeAndLeaveNothingBeside(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("curves.png");
        Files.writeString(file, "an older picture");
        List<EpochMetrics> history =
                List.of(epoch(1, 190, 170), epoch(2, 167, 165), epoch(3, Double.NaN, 162));

        BufferedImage curves = Pictures.curves(history, "vae4j: bernoulli VAE, latent 2");

        Pictures.write(curves, file);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getWidth()).isEqualTo(800);
        assertThat(back.getHeight()).isEqualTo(500);
        assertThat(rgb(back)).isEqualTo(rgb(curves));
    }

    private static EpochMetrics epoch(int epoch, double train, double test) {
        return new EpochMetrics(epoch, train, train - 5, 5, test, test - 5, 5, 10, 6000, 1e-3);
    }

    private static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        return image.getRGB(0, 0, w, image.getHeight(), null, 0, w);
    }
}
