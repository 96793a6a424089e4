package org.vae4j.examples.pictures;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Bars at positions 1, 2, 3, ... split into two named groups, the first in {@link LineChart}'s blue
 * and the second in its grey, for per-dimension values such as the KL of each latent dimension with
 * its active and inactive ones told apart. Drawn by JFreeChart in {@link LineChart}'s look, 800 x
 * 500 pixels unless resized; non-finite heights are left out.
 *
 * <pre>{@code
 * BufferedImage kl = BarChart.create("active", "inactive")
 *         .title("KL per dimension")
 *         .bars(heights, active)   // bar i in group one where active[i]
 *         .render();
 * }</pre>
 */
public final class BarChart {
    private final String first;
    private final String second;
    private double[] heights = new double[0];
    private boolean[] inFirst = new boolean[0];
    private String title = "";
    private String xLabel = "";
    private String yLabel = "";
    private int width = 800;
    private int height = 500;

    private BarChart(String first, String second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    /** An empty chart whose bars fall into groups named {@code first} and {@code second}. */
    public static BarChart create(String first, String second) {
        return new BarChart(first, second);
    }

    /** Title above the plot; empty for none. */
    public BarChart title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    /** Label under the x axis. */
    public BarChart xLabel(String label) {
        this.xLabel = Objects.requireNonNull(label, "label");
        return this;
    }

    /** Label beside the y axis. */
    public BarChart yLabel(String label) {
        this.yLabel = Objects.requireNonNull(label, "label");
        return this;
    }

    /** Image size in pixels; at least 240 x 180. */
    public BarChart size(int width, int height) {
        if (width < 240 || height < 180) {
            throw new IllegalArgumentException(
                    "Chart must be at least 240 x 180 px, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /**
     * Sets the bars: bar {@code i + 1} is {@code heights[i]} high, in the first group where {@code
     * inFirst[i]}, else in the second. The arrays are copied.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public BarChart bars(double[] heights, boolean[] inFirst) {
        if (heights.length != inFirst.length) {
            throw new IllegalArgumentException(
                    heights.length + " bar heights but " + inFirst.length + " group flags");
        }
        this.heights = heights.clone();
        this.inFirst = inFirst.clone();
        return this;
    }

    /** Draws the chart into a new anti-aliased RGB image. */
    public BufferedImage render() {
        XYSeries one = new XYSeries(first);
        XYSeries two = new XYSeries(second);
        for (int i = 0; i < heights.length; i++) {
            if (Double.isFinite(heights[i])) {
                (inFirst[i] ? one : two).add(i + 1, heights[i]);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(one);
        data.addSeries(two);
        data.setIntervalWidth(0.8);
        NumberAxis x = new NumberAxis(xLabel);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(0.4, Math.max(1, heights.length) + 0.6);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(true);
        XYBarRenderer bars = new XYBarRenderer();
        XYPlot plot = new XYPlot(data, x, y, bars);
        JFreeChart chart = new JFreeChart(title.isEmpty() ? null : title, null, plot, true);
        ChartStyle.apply(chart);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setSeriesPaint(0, ChartStyle.color(0));
        bars.setSeriesPaint(1, ChartStyle.color(7));
        return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }
}
