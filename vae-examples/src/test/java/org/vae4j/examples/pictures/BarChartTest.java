package org.vae4j.examples.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BarChartTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color BLUE = ChartStyle.color(0);
    private static final Color GREY = ChartStyle.color(7);

    @Test
    void eachGroupIsDrawnInItsColourInProportionToItsBars() {
        double[] kl = new double[40];
        boolean[] active = new boolean[40];
        for (int d = 0; d < kl.length; d++) {
            kl[d] = 4 - 0.1 * d;
            active[d] = d < 10;
        }
        BufferedImage image =
                BarChart.create("active", "inactive").size(400, 400).bars(kl, active).render();

        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(400);
        int blue = countOf(image, BLUE);
        int grey = countOf(image, GREY);
        assertThat(blue).isGreaterThan(500);
        // 30 grey bars of heights 3 down to 0.1 against 10 blue ones of 4 down to 3.1
        assertThat(grey).isGreaterThan(blue);
    }

    @Test
    void emptyAndNonFiniteBarsRenderAndMismatchesAreRefused() {
        BufferedImage none = BarChart.create("a", "b").render();
        assertThat(none.getWidth()).isEqualTo(800);
        BufferedImage gaps =
                BarChart.create("a", "b")
                        .bars(new double[] {Double.NaN, 1}, new boolean[] {true, false})
                        .render();
        assertThat(countOf(gaps, GREY)).isPositive();
        assertThatThrownBy(() -> BarChart.create("a", "b").bars(new double[2], new boolean[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 bar heights but 1 group flags");
    }

    private static int countOf(BufferedImage image, Color colour) {
        int n = 0;
        int rgb = colour.getRGB();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += image.getRGB(x, y) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
