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
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.eval.LogLikelihood;
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

    @Test
    void curvesWithLatentsAddTheirPanelsUnderTheLosses() {
        LatentReport latents =
                new LatentReport(
                        2, 0.01, new double[] {0.5, 0.001, 0.2}, new double[] {3, 0.01, 1.5});
        EpochMetrics first = epoch(1, 190, 170);
        EpochMetrics second =
                new EpochMetrics(2, 167, 162, 5, 165, 160, 5, 10, 6000, 1e-3, latents);

        BufferedImage curves = Pictures.curves(List.of(first, second), "latent 3");

        assertThat(curves.getWidth()).isEqualTo(800);
        assertThat(curves.getHeight()).isEqualTo(900);
        assertThat(Pictures.curves(List.of(first), "none").getHeight()).isEqualTo(500);
    }

    /** Stochastic layers have no per-dimension KL: the panel shows what decides activity. */
    @Test
    void withoutAClosedFormKlTheLastPanelShowsThePosteriorMeanVariance() {
        double nan = Double.NaN;
        LatentReport latents =
                new LatentReport(
                        2, 0.01, new double[] {0.5, 0.001, 0.2}, new double[] {nan, nan, nan});
        EpochMetrics last = new EpochMetrics(1, 167, 162, 5, 165, 160, 5, 10, 6000, 1e-3, latents);

        BufferedImage curves = Pictures.curves(List.of(last), "two layers");

        int blue = 0;
        for (int y = 520; y < curves.getHeight(); y++) {
            for (int x = 420; x < curves.getWidth(); x++) {
                int p = curves.getRGB(x, y);
                int r = (p >> 16) & 0xff;
                int b = p & 0xff;
                blue += b > 150 && r < 100 ? 1 : 0;
            }
        }
        assertThat(blue).as("pixels of the active dimensions' bars").isGreaterThan(1000);
    }

    @Test
    void theBoundIsDrawnAgainstK() {
        List<LogLikelihood> sweep =
                List.of(
                        new LogLikelihood(-300, 3.6, 1, 200),
                        new LogLikelihood(-282, 3.3, 5, 200),
                        new LogLikelihood(-269, 3.2, 5000, 200));

        BufferedImage plot = Pictures.boundByK(sweep, "bound by K");

        assertThat(plot.getWidth()).isEqualTo(800);
        assertThat(plot.getHeight()).isEqualTo(500);
    }

    private static EpochMetrics epoch(int epoch, double train, double test) {
        return new EpochMetrics(epoch, train, train - 5, 5, test, test - 5, 5, 10, 6000, 1e-3);
    }

    private static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        return image.getRGB(0, 0, w, image.getHeight(), null, 0, w);
    }
}
