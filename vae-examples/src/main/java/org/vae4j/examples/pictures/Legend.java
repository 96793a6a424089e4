package org.vae4j.examples.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.List;

/**
 * The legend box of a {@link LineChart}, put in whichever inner corner of the plot covers the
 * fewest data points (top right first, where falling loss curves leave room).
 */
final class Legend {
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color FILL = new Color(255, 255, 255, 225);
    private static final Color BORDER = new Color(0xbbbbbb);
    private static final Color INK = new Color(0x333333);
    private static final int PAD = 8;
    private static final int INSET = 10;
    private static final int SAMPLE = 26;

    private Legend() {}

    static void draw(Graphics2D g, List<ChartSeries> series, Axes axes) {
        if (series.isEmpty()) {
            return;
        }
        g.setFont(FONT);
        FontMetrics m = g.getFontMetrics();
        int rowH = m.getHeight() + 2;
        int textW = 0;
        for (ChartSeries s : series) {
            textW = Math.max(textW, m.stringWidth(s.name()));
        }
        int w = PAD + SAMPLE + 6 + textW + PAD;
        int h = PAD + rowH * series.size() + PAD - 2;
        Rectangle box = bestCorner(series, axes, w, h);
        g.setColor(FILL);
        g.fillRect(box.x, box.y, box.width, box.height);
        g.setColor(BORDER);
        g.drawRect(box.x, box.y, box.width, box.height);
        for (int i = 0; i < series.size(); i++) {
            ChartSeries s = series.get(i);
            double mid = box.y + PAD + rowH * i + rowH / 2.0 - 1;
            double x0 = box.x + PAD;
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(x0, mid, x0 + SAMPLE, mid));
            g.fill(new Ellipse2D.Double(x0 + SAMPLE / 2.0 - 3.5, mid - 3.5, 7, 7));
            g.setColor(INK);
            g.drawString(
                    s.name(),
                    (int) (x0 + SAMPLE + 6),
                    (int) Math.round(mid + (m.getAscent() - m.getDescent()) / 2.0));
        }
    }

    private static Rectangle bestCorner(List<ChartSeries> series, Axes axes, int w, int h) {
        Rectangle plot = axes.plot();
        int left = plot.x + INSET;
        int right = plot.x + plot.width - INSET - w;
        int top = plot.y + INSET;
        int bottom = plot.y + plot.height - INSET - h;
        Rectangle[] corners = {
            new Rectangle(right, top, w, h),
            new Rectangle(left, top, w, h),
            new Rectangle(right, bottom, w, h),
            new Rectangle(left, bottom, w, h)
        };
        Rectangle best = corners[0];
        int fewest = Integer.MAX_VALUE;
        for (Rectangle corner : corners) {
            int covered = covered(series, axes, corner);
            if (covered < fewest) {
                fewest = covered;
                best = corner;
            }
        }
        return best;
    }

    /** Points and samples along line segments that fall inside {@code box}. */
    private static int covered(List<ChartSeries> series, Axes axes, Rectangle box) {
        int count = 0;
        for (ChartSeries s : series) {
            for (int i = 0; i < s.size(); i++) {
                if (!axes.visible(s.x()[i], s.y()[i])) {
                    continue;
                }
                double ax = axes.px(s.x()[i]);
                double ay = axes.py(s.y()[i]);
                count += box.contains(ax, ay) ? 4 : 0;
                if (i + 1 < s.size() && axes.visible(s.x()[i + 1], s.y()[i + 1])) {
                    double bx = axes.px(s.x()[i + 1]);
                    double by = axes.py(s.y()[i + 1]);
                    for (int k = 1; k < 8; k++) {
                        double t = k / 8.0;
                        count += box.contains(ax + t * (bx - ax), ay + t * (by - ay)) ? 1 : 0;
                    }
                }
            }
        }
        return count;
    }
}
