package org.vae4j.examples.pictures;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;

/** The plot rectangle of a {@link LineChart} and its two axes: data to pixel mapping, grid. */
record Axes(Rectangle plot, NiceAxis x, NiceAxis y) {
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color INK = new Color(0x333333);
    private static final int TICK_LENGTH = 5;
    private static final double FAR = 1e6;

    double px(double value) {
        return plot.x + x.fraction(value) * plot.width;
    }

    double py(double value) {
        return plot.y + plot.height - y.fraction(value) * plot.height;
    }

    /** Whether the point is finite and maps to a sane pixel position. */
    boolean visible(double vx, double vy) {
        if (!Double.isFinite(vx) || !Double.isFinite(vy)) {
            return false;
        }
        double a = px(vx);
        double b = py(vy);
        return Math.abs(a) < FAR && Math.abs(b) < FAR;
    }

    /** Grid lines, the frame, tick marks and tick labels; crisp (no anti-aliasing on lines). */
    void drawGrid(Graphics2D g, FontMetrics tick) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        int right = plot.x + plot.width;
        int bottom = plot.y + plot.height;
        double[] xTicks = x.ticks();
        double[] yTicks = y.ticks();
        g.setColor(GRID);
        for (double v : xTicks) {
            int p = (int) Math.round(px(v));
            g.drawLine(p, plot.y, p, bottom);
        }
        for (double v : yTicks) {
            int p = (int) Math.round(py(v));
            g.drawLine(plot.x, p, right, p);
        }
        g.setColor(INK);
        g.drawRect(plot.x, plot.y, plot.width, plot.height);
        g.setFont(tick.getFont());
        for (double v : xTicks) {
            int p = (int) Math.round(px(v));
            g.drawLine(p, bottom, p, bottom + TICK_LENGTH);
            String text = x.format(v);
            g.drawString(
                    text,
                    p - tick.stringWidth(text) / 2,
                    bottom + TICK_LENGTH + 3 + tick.getAscent());
        }
        for (double v : yTicks) {
            int p = (int) Math.round(py(v));
            g.drawLine(plot.x - TICK_LENGTH, p, plot.x, p);
            String text = y.format(v);
            g.drawString(
                    text,
                    plot.x - TICK_LENGTH - 4 - tick.stringWidth(text),
                    p + (tick.getAscent() - tick.getDescent()) / 2);
        }
    }
}
