package org.vae4j.examples.pictures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Lays charts out as one picture: a wide panel over a row of smaller ones, on white. */
public final class Panels {
    private Panels() {}

    /**
     * Returns {@code top} over {@code row} (left to right, top-aligned), as wide as the wider of
     * the two.
     */
    public static BufferedImage over(BufferedImage top, BufferedImage... row) {
        int rowWidth = 0;
        int rowHeight = 0;
        for (BufferedImage panel : row) {
            rowWidth += panel.getWidth();
            rowHeight = Math.max(rowHeight, panel.getHeight());
        }
        BufferedImage out =
                new BufferedImage(
                        Math.max(top.getWidth(), rowWidth),
                        top.getHeight() + rowHeight,
                        BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(top, 0, 0, null);
            int x = 0;
            for (BufferedImage panel : row) {
                g.drawImage(panel, x, top.getHeight(), null);
                x += panel.getWidth();
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
