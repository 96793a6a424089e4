package org.vae4j.examples.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class LineChartTest {
    static {
        // Surefire sets this too; repeated here so the tests are headless in any runner.
        System.setProperty("java.awt.headless", "true");
    }

    private static final double NAN = Double.NaN;

    @Test
    void rendersTwoSeriesInTheirColoursWithoutADisplay() {
        double[] train = {190, 140, 120, 110, 104, 100, 98, 96, 95, 94};
        double[] test = {180, 138, 122, 113, 108, 105, 103, 102, 101.5, 101};

        BufferedImage image =
                LineChart.create()
                        .title("MNIST")
                        .series("train", train)
                        .series("test", test)
                        .render();

        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
        assertThat(countOf(image, LineChart.seriesColor(0))).isGreaterThan(100);
        assertThat(countOf(image, LineChart.seriesColor(1))).isGreaterThan(100);
        assertThat(image.getRGB(0, 0)).isEqualTo(0xffffffff);
    }

    @Test
    void singlePointIsDrawn() {
        BufferedImage image = LineChart.create().series("only", new double[] {3}).render();

        assertThat(countOf(image, LineChart.seriesColor(0))).isGreaterThan(20);
    }

    @Test
    void nanBreaksTheLineButOtherPointsShow() {
        double[] y = {NAN, 5, 4, NAN, 3, Double.POSITIVE_INFINITY, 2};

        BufferedImage image = LineChart.create().series("loss", y).render();

        assertThat(countOf(image, LineChart.seriesColor(0))).isGreaterThan(50);
    }

    @Test
    void edgeCasesRender() {
        assertRenders(LineChart.create());
        assertRenders(LineChart.create().series("empty", new double[0]));
        assertRenders(LineChart.create().series("all NaN", new double[] {NAN, NAN}));
        assertRenders(LineChart.create().series("flat", new double[] {7, 7, 7}));
        assertRenders(LineChart.create().series("zero", new double[] {0, 0}));
        assertRenders(LineChart.create().series("tiny", new double[] {1e-12, 3e-12, 2e-12}));
        assertRenders(LineChart.create().series("huge", new double[] {1e12, 5e11, 2.5e11}));
        assertRenders(LineChart.create().series("extreme", new double[] {-1e300, 1e300}));
        assertRenders(LineChart.create().series("max", new double[] {Double.MAX_VALUE}));
        assertRenders(
                LineChart.create()
                        .size(240, 180)
                        .xLabel("step")
                        .yLabel("bits")
                        .series("x", new double[] {0.1, 0.2}, new double[] {1, 2}));
        double[] many = new double[2000];
        for (int i = 0; i < many.length; i++) {
            many[i] = 100 + 50 * Math.exp(-i / 300.0);
        }
        assertRenders(LineChart.create().series("long", many));
        LineChart twelve = LineChart.create();
        for (int i = 0; i < 12; i++) {
            twelve.series("s" + i, new double[] {i, i + 1});
        }
        assertRenders(twelve);
    }

    @Test
    void rejectsMismatchedSeriesAndTinySizes() {
        assertThatThrownBy(() -> LineChart.create().series("a", new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> LineChart.create().size(100, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paletteRepeatsAfterTen() {
        assertThat(LineChart.seriesColor(10)).isEqualTo(LineChart.seriesColor(0));
        assertThat(LineChart.seriesColor(1)).isNotEqualTo(LineChart.seriesColor(0));
    }

    private static void assertRenders(LineChart chart) {
        assertThatCode(chart::render).doesNotThrowAnyException();
    }

    private static int countOf(BufferedImage image, java.awt.Color colour) {
        int rgb = colour.getRGB();
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += image.getRGB(x, y) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
