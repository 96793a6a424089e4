package org.vae4j.examples.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
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
    void aChartRendersTheSamePixelsEveryTime() {
        LineChart chart = LineChart.create().series("train", new double[] {3, 2, 1.5});

        assertThat(rgb(chart.render())).isEqualTo(rgb(chart.render()));
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
    void noLineCrossesAGap() {
        BufferedImage joined = LineChart.create().series("loss", new double[] {5, 5.5, 6}).render();
        BufferedImage broken = LineChart.create().series("loss", new double[] {5, NAN, 6}).render();

        assertThat(plotPixelsMidway(joined)).isPositive();
        assertThat(plotPixelsMidway(broken)).isZero();
    }

    @Test
    void edgeCasesRenderAtTheirSize() {
        assertRenders(LineChart.create());
        assertRenders(LineChart.create().series("empty", new double[0]));
        assertRenders(LineChart.create().series("all NaN", new double[] {NAN, NAN}));
        assertRenders(LineChart.create().series("flat", new double[] {7, 7, 7}));
        assertRenders(LineChart.create().series("zero", new double[] {0, 0}));
        assertRenders(LineChart.create().series("tiny", new double[] {1e-12, 3e-12, 2e-12}));
        assertRenders(LineChart.create().series("huge", new double[] {1e12, 5e11, 2.5e11}));
        assertRenders(LineChart.create().series("extreme", new double[] {-1e300, 1e300}));
        assertRenders(LineChart.create().series("max", new double[] {Double.MAX_VALUE}));
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

        BufferedImage small =
                LineChart.create()
                        .size(240, 180)
                        .xLabel("step")
                        .yLabel("bits")
                        .series("x", new double[] {0.1, 0.2}, new double[] {1, 2})
                        .render();
        assertThat(small.getWidth()).isEqualTo(240);
        assertThat(small.getHeight()).isEqualTo(180);
        assertThat(countOf(small, LineChart.seriesColor(0))).isPositive();
    }

    @Test
    void aLogXAxisDrawsPositiveXAndLeavesTheRestOut() {
        double[] y = {300, 282, 274, 271};
        BufferedImage withZero =
                LineChart.create().logX().series("K", new double[] {0, 5, 50, 5000}, y).render();
        BufferedImage withGap =
                LineChart.create().logX().series("K", new double[] {NAN, 5, 50, 5000}, y).render();

        assertThat(countOf(withGap, LineChart.seriesColor(0))).isGreaterThan(100);
        assertThat(rgb(withZero)).isEqualTo(rgb(withGap));
    }

    @Test
    void aYRangeShowsItsSpanWhateverTheData() {
        double[] y = {31, 31, 32};
        BufferedImage auto = LineChart.create().series("units", y).render();
        BufferedImage fixed = LineChart.create().yRange(0, 32).series("units", y).render();

        // 31 to 32 fills the automatic axis, but is a thin band of a 0 to 32 one
        assertThat(lineHeight(auto)).isGreaterThan(200);
        assertThat(lineHeight(fixed)).isLessThan(40);
        assertThatThrownBy(() -> LineChart.create().yRange(3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower < upper");
    }

    @Test
    void shortSeriesAreDottedLongOnesOnlyWhereNoLineReaches() {
        double[] y = new double[100];
        Arrays.fill(y, 1);
        y[50] = NAN;
        y[52] = NAN;
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points("short", new double[] {1, 2, 3}));
        data.addSeries(points("long", y));
        LineRenderer renderer = new LineRenderer();
        new XYPlot(data, new NumberAxis(), new NumberAxis(), renderer);

        assertThat(renderer.getItemShapeVisible(0, 1)).isTrue();
        assertThat(renderer.getItemShapeVisible(1, 10)).isFalse();
        assertThat(renderer.getItemShapeVisible(1, 51)).isTrue();
        assertThat(renderer.getItemShapeVisible(1, 53)).isFalse();
    }

    @Test
    void rejectsMismatchedOrRepeatedSeriesAndTinySizes() {
        assertThatThrownBy(() -> LineChart.create().series("a", new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(
                        () ->
                                LineChart.create()
                                        .series("a", new double[1])
                                        .series("a", new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Series 'a' was added twice");
        assertThatThrownBy(() -> LineChart.create().size(100, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paletteRepeatsAfterTen() {
        assertThat(LineChart.seriesColor(10)).isEqualTo(LineChart.seriesColor(0));
        assertThat(LineChart.seriesColor(1)).isNotEqualTo(LineChart.seriesColor(0));
    }

    private static void assertRenders(LineChart chart) {
        BufferedImage image = chart.render();
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
    }

    private static XYSeries points(String name, double[] y) {
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < y.length; i++) {
            series.add(i + 1, y[i]);
        }
        return series;
    }

    /**
     * Series-coloured pixels in the three columns halfway between the leftmost and rightmost dot,
     * above the legend (the bottom 15% of the image).
     */
    /** Pixels from the highest to the lowest of the first series' colour, legend excluded. */
    private static int lineHeight(BufferedImage image) {
        int rgb = LineChart.seriesColor(0).getRGB();
        int top = image.getHeight();
        int bottom = 0;
        for (int y = 0; y < image.getHeight() * 85 / 100; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == rgb) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        return bottom - top;
    }

    private static int plotPixelsMidway(BufferedImage image) {
        int rgb = LineChart.seriesColor(0).getRGB();
        int rows = image.getHeight() * 85 / 100;
        int left = image.getWidth();
        int right = 0;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == rgb) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        int mid = (left + right) / 2;
        int n = 0;
        for (int y = 0; y < rows; y++) {
            for (int x = mid - 1; x <= mid + 1; x++) {
                n += image.getRGB(x, y) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    private static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        return image.getRGB(0, 0, w, image.getHeight(), null, 0, w);
    }

    private static int countOf(BufferedImage image, Color colour) {
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
