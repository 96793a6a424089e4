package org.vae4j.examples.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Line chart of named series, for loss curves ({@code curves.png}): axes with round ticks, grid
 * lines, a legend placed where it covers the fewest points, a title and axis labels ({@code
 * "epoch"} and {@code "nats per example"} by default), 800 x 500 pixels unless resized.
 *
 * <p>Non-finite values are skipped and break the line, so a NaN epoch shows as a gap. A lone point,
 * a flat series or an empty chart still render.
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
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };
    private static final Color INK = new Color(0x333333);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int TICK_SPACE = 9; // tick mark and gap before its label, see Axes

    private final List<ChartSeries> series = new ArrayList<>();
    private String title = "";
    private String xLabel = "epoch";
    private String yLabel = "nats per example";
    private int width = 800;
    private int height = 500;

    private LineChart() {}

    /** An empty 800 x 500 chart with axis labels "epoch" and "nats per example". */
    public static LineChart create() {
        return new LineChart();
    }

    /** The colour of the series added {@code index}-th (from 0); the palette repeats after 10. */
    public static Color seriesColor(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
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
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public LineChart series(String name, double[] x, double[] y) {
        Objects.requireNonNull(name, "name");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "Series '" + name + "' has " + x.length + " x values but " + y.length + " y");
        }
        series.add(new ChartSeries(name, x.clone(), y.clone(), seriesColor(series.size())));
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
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(
                    RenderingHints.KEY_FRACTIONALMETRICS,
                    RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            draw(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void draw(Graphics2D g) {
        FontMetrics tick = g.getFontMetrics(TICK_FONT);
        FontMetrics label = g.getFontMetrics(LABEL_FONT);
        int top = title.isEmpty() ? 20 : 20 + g.getFontMetrics(TITLE_FONT).getHeight() + 8;
        int bottom = TICK_SPACE + tick.getHeight() + 6 + label.getHeight() + 10;
        int plotH = height - top - bottom;
        double[] yRange = range(false);
        NiceAxis yAxis = NiceAxis.of(yRange[0], yRange[1], Math.max(2, plotH / 60), false);
        int tickW = 0;
        for (double v : yAxis.ticks()) {
            tickW = Math.max(tickW, tick.stringWidth(yAxis.format(v)));
        }
        int left = 14 + label.getHeight() + 8 + tickW + TICK_SPACE;
        int plotW = width - left - 24;
        double[] xRange = range(true);
        NiceAxis xAxis = NiceAxis.of(xRange[0], xRange[1], Math.max(2, plotW / 90), integerX());
        Rectangle plot = new Rectangle(left, top, plotW, plotH);
        Axes axes = new Axes(plot, xAxis, yAxis);
        axes.drawGrid(g, tick);
        drawSeries(g, axes);
        Legend.draw(g, series, axes);
        drawTitles(g, plot);
    }

    private void drawSeries(Graphics2D g, Axes axes) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        Rectangle clip = axes.plot();
        g.setClip(clip.x - 4, clip.y - 4, clip.width + 9, clip.height + 9);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (ChartSeries s : series) {
            g.setColor(s.color());
            Path2D.Double path = new Path2D.Double();
            boolean drawing = false;
            for (int i = 0; i < s.size(); i++) {
                if (!axes.visible(s.x()[i], s.y()[i])) {
                    drawing = false;
                } else if (drawing) {
                    path.lineTo(axes.px(s.x()[i]), axes.py(s.y()[i]));
                } else {
                    path.moveTo(axes.px(s.x()[i]), axes.py(s.y()[i]));
                    drawing = true;
                }
            }
            g.draw(path);
            boolean markEvery = s.size() <= 60;
            for (int i = 0; i < s.size(); i++) {
                if (axes.visible(s.x()[i], s.y()[i]) && (markEvery || s.isolated(i))) {
                    double r = 3.5;
                    g.fill(
                            new Ellipse2D.Double(
                                    axes.px(s.x()[i]) - r, axes.py(s.y()[i]) - r, 2 * r, 2 * r));
                }
            }
        }
        g.setClip(null);
    }

    private void drawTitles(Graphics2D g, Rectangle plot) {
        g.setColor(INK);
        int centre = plot.x + plot.width / 2;
        if (!title.isEmpty()) {
            g.setFont(TITLE_FONT);
            FontMetrics m = g.getFontMetrics();
            g.drawString(title, centre - m.stringWidth(title) / 2, 20 + m.getAscent());
        }
        g.setFont(LABEL_FONT);
        FontMetrics m = g.getFontMetrics();
        g.drawString(xLabel, centre - m.stringWidth(xLabel) / 2, height - 10 - m.getDescent());
        AffineTransform saved = g.getTransform();
        g.translate(14 + m.getAscent(), plot.y + plot.height / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -m.stringWidth(yLabel) / 2f, 0f);
        g.setTransform(saved);
    }

    /** {min, max} over the finite points of all series (min > max when there are none). */
    private double[] range(boolean xs) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ChartSeries s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (s.finite(i)) {
                    double v = xs ? s.x()[i] : s.y()[i];
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return new double[] {min, max};
    }

    private boolean integerX() {
        boolean any = false;
        for (ChartSeries s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (s.finite(i)) {
                    if (s.x()[i] != Math.rint(s.x()[i])) {
                        return false;
                    }
                    any = true;
                }
            }
        }
        return any;
    }
}
