package org.vae4j.examples.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The look of a {@link LineChart}: white background, light solid grid, dark grey text in sans-serif
 * (bold 16 title, 14 axis labels, 13 ticks and legend) and the ten-colour "tab10" palette.
 */
final class ChartStyle {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };
    private static final Color INK = new Color(0x333333);
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Stroke GRID_STROKE = new BasicStroke(1f);

    /** Space around each tick label: ticks at least about 40 px apart. */
    private static final RectangleInsets TICK_INSETS = new RectangleInsets(12, 6, 12, 6);

    private static final StandardChartTheme THEME = theme();

    private ChartStyle() {}

    static Color color(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** Applies the look to a chart of one {@link XYPlot} with value axes. */
    static void apply(JFreeChart chart) {
        THEME.apply(chart);
        chart.setPadding(new RectangleInsets(12, 8, 8, 20));
        XYPlot plot = chart.getXYPlot();
        plot.setDomainGridlineStroke(GRID_STROKE);
        plot.setRangeGridlineStroke(GRID_STROKE);
        plot.getDomainAxis().setTickLabelInsets(TICK_INSETS);
        plot.getRangeAxis().setTickLabelInsets(TICK_INSETS);
        if (chart.getLegend() != null) {
            chart.getLegend().setFrame(BlockBorder.NONE);
        }
    }

    private static StandardChartTheme theme() {
        StandardChartTheme theme = new StandardChartTheme("vae4j");
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setLegendBackgroundPaint(Color.WHITE);
        theme.setPlotOutlinePaint(INK);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setTitlePaint(INK);
        theme.setAxisLabelPaint(INK);
        theme.setTickLabelPaint(INK);
        theme.setLegendItemPaint(INK);
        theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
        theme.setDrawingSupplier(
                new DefaultDrawingSupplier(
                        PALETTE,
                        PALETTE,
                        DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE,
                        DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                        DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                        DefaultDrawingSupplier.createStandardSeriesShapes()));
        return theme;
    }
}
