package org.vae4j.examples.pictures;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;

/**
 * Draws each series of a {@link LineChart} as a 2 px line with a dot on every point of a short
 * series (up to 60 points) and, in a longer one, on each point that no line reaches.
 */
final class LineRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    private static final int MARK_EVERY_UP_TO = 60;

    LineRenderer() {
        super(true, true);
        setAutoPopulateSeriesStroke(false);
        setAutoPopulateSeriesShape(false);
        setDefaultStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        setDefaultShape(new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    }

    @Override
    public boolean getItemShapeVisible(int series, int item) {
        XYDataset data = getPlot().getDataset();
        int count = data.getItemCount(series);
        return count <= MARK_EVERY_UP_TO
                || (finite(data, series, item)
                        && (item == 0 || !finite(data, series, item - 1))
                        && (item == count - 1 || !finite(data, series, item + 1)));
    }

    private static boolean finite(XYDataset data, int series, int item) {
        return !Double.isNaN(data.getXValue(series, item))
                && !Double.isNaN(data.getYValue(series, item));
    }
}
