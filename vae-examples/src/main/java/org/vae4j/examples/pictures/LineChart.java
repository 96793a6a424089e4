package org.vae4j.examples.pictures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line chart of named series, for loss curves ({@code curves.png}), drawn by JFreeChart: round
 * ticks (whole numbers when every x, or every y, is), grid lines, a legend under the plot, a title
 * and axis labels ({@code "epoch"} and {@code "nats per example"} by default), 800 x 500 pixels
 * unless resized.
 *
 * <p>Non-finite values are skipped and break the line, so a NaN epoch shows as a gap. A lone point,
 * a flat series or an empty chart still render. Ticks are whole numbers on an axis whose values all
 * are. {@link #logX()} puts x on a base-10 log scale (for a bound against the number of samples K),
 * where x values at or below zero are gaps too.
 *
 * <pre>{@code
 * BufferedImage curves = LineChart.create()
 *         .title("MNIST, latent dim 20")
 *         .series("train", trainLoss)  // x = 1, 2, 3, ...
 *         .series("test", epochs, testLoss)
 *         .render();
 * }</pre>
 *
 * <p>The setters change this object and return it; series arrays are copied when added.
 */
public final class LineChart {
    private final List<Line> lines = new ArrayList<>();
    private String title = "";
    private String xLabel = "epoch";
    private String yLabel = "nats per example";
    private int width = 800;
    private int height = 500;
    private boolean logX;
    private Range yRange;

    private LineChart() {}

    /** An empty 800 x 500 chart with axis labels "epoch" and "nats per example". */
    public static LineChart create() {
        return new LineChart();
    }

    /** The colour of the series added {@code index}-th (from 0); the palette repeats after 10. */
    public static Color seriesColor(int index) {
        return ChartStyle.color(index);
    }

    /** Title above the plot; empty for none. */
    public LineChart title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    /** Label under the x axis. */
    public LineChart xLabel(String label) {
        this.xLabel = Objects.requireNonNull(label, "label");
        return this;
    }

    /** Label beside the y axis. */
    public LineChart yLabel(String label) {
        this.yLabel = Objects.requireNonNull(label, "label");
        return this;
    }

    /** Draws x on a base-10 log scale, ticks at whole numbers; x values up to 0 are left out. */
    public LineChart logX() {
        this.logX = true;
        return this;
    }

    /**
     * Shows y from {@code lower} to {@code upper} (and 3% of that span beyond each), whatever the
     * data, for values with natural bounds such as a count of units out of a total.
     *
     * @throws IllegalArgumentException unless {@code lower < upper}, both finite
     */
    public LineChart yRange(double lower, double upper) {
        if (!(lower < upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException(
                    "The y range must be finite and lower < upper, but was "
                            + lower
                            + " to "
                            + upper);
        }
        this.yRange = new Range(lower, upper);
        return this;
    }

    /** Image size in pixels; at least 240 x 180. */
    public LineChart size(int width, int height) {
        if (width < 240 || height < 180) {
            throw new IllegalArgumentException(
                    "Chart must be at least 240 x 180 px, got " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /**
     * Adds a series of points {@code (x[i], y[i])}, drawn in {@link #seriesColor} of its index.
     *
     * @throws IllegalArgumentException if the arrays differ in length or the name is taken
     */
    public LineChart series(String name, double[] x, double[] y) {
        Objects.requireNonNull(name, "name");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "Series '" + name + "' has " + x.length + " x values but " + y.length + " y");
        }
        if (lines.stream().anyMatch(line -> line.name.equals(name))) {
            throw new IllegalArgumentException("Series '" + name + "' was added twice");
        }
        lines.add(new Line(name, x.clone(), y.clone()));
        return this;
    }

    /** Adds a series with {@code x = 1, 2, ..., y.length} (epochs counted from 1). */
    public LineChart series(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return series(name, x, y);
    }

    /** Draws the chart into a new anti-aliased RGB image. */
    public BufferedImage render() {
        XYSeriesCollection data = new XYSeriesCollection();
        lines.forEach(line -> data.addSeries(line.toSeries(logX)));
        ValueAxis x = logX ? logAxis(xLabel) : axis(xLabel);
        if (!logX && lines.stream().allMatch(Line::wholeX)) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        NumberAxis y = axis(yLabel);
        if (!lines.isEmpty() && lines.stream().allMatch(Line::wholeY)) {
            y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        XYPlot plot = new XYPlot(data, x, y, new LineRenderer());
        fit(x, DatasetUtils.findDomainBounds(data));
        fit(y, DatasetUtils.findRangeBounds(data));
        if (yRange != null) {
            double pad = 0.03 * yRange.getLength();
            y.setRange(yRange.getLowerBound() - pad, yRange.getUpperBound() + pad);
        }
        JFreeChart chart =
                new JFreeChart(title.isEmpty() ? null : title, null, plot, !lines.isEmpty());
        ChartStyle.apply(chart);
        return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    /** An axis over the data alone (not zero as well), however small its range. */
    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRangeMinimumSize(Double.MIN_NORMAL);
        return axis;
    }

    /** A base-10 log axis with ticks at powers of ten, read as plain numbers (1, 10, 1,000). */
    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // whole decades
        axis.setNumberFormatOverride(
                new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return axis;
    }

    /**
     * Mends the two ranges that the automatic one gets wrong: all data at one value gets 10% of it
     * (1 at zero) either side, and values so large that the range overflows get [0, 1].
     */
    private static void fit(ValueAxis axis, Range data) {
        if (data != null && data.getLength() == 0) {
            double value = data.getCentralValue();
            double pad = value == 0 ? 1 : Math.abs(value) * 0.1;
            axis.setRange(value - pad, value + pad);
        }
        if (!Double.isFinite(axis.getRange().getLength())) {
            axis.setRange(0, 1);
        }
    }

    private record Line(String name, double[] x, double[] y) {
        /**
         * The points in order, one with a non-finite coordinate (or, on a log scale, x up to 0) as
         * (NaN, NaN): a gap.
         */
        XYSeries toSeries(boolean logX) {
            XYSeries series = new XYSeries(name, false, true);
            for (int i = 0; i < x.length; i++) {
                boolean shown = finite(i) && (!logX || x[i] > 0);
                series.add(shown ? x[i] : Double.NaN, shown ? y[i] : Double.NaN, false);
            }
            return series;
        }

        /** Whether every finite point has a whole-number x (epochs). */
        boolean wholeX() {
            return whole(x);
        }

        /** Whether every finite point has a whole-number y (counts). */
        boolean wholeY() {
            return whole(y);
        }

        private boolean whole(double[] values) {
            for (int i = 0; i < values.length; i++) {
                if (finite(i) && values[i] != Math.rint(values[i])) {
                    return false;
                }
            }
            return true;
        }

        private boolean finite(int i) {
            return Double.isFinite(x[i]) && Double.isFinite(y[i]);
        }
    }
}
