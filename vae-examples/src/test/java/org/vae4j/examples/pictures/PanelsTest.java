package org.vae4j.examples.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PanelsTest {
    @Test
    void theRowSitsUnderTheTopPanelLeftToRightOnWhite() {
        BufferedImage top = filled(300, 100, Color.RED);
        BufferedImage left = filled(100, 80, Color.GREEN);
        BufferedImage right = filled(120, 50, Color.BLUE);

        BufferedImage all = Panels.over(top, left, right);

        assertThat(all.getWidth()).isEqualTo(300);
        assertThat(all.getHeight()).isEqualTo(180);
        assertThat(all.getRGB(299, 99)).isEqualTo(Color.RED.getRGB());
        assertThat(all.getRGB(99, 179)).isEqualTo(Color.GREEN.getRGB());
        assertThat(all.getRGB(100, 100)).isEqualTo(Color.BLUE.getRGB());
        assertThat(all.getRGB(219, 149)).isEqualTo(Color.BLUE.getRGB());
        assertThat(all.getRGB(219, 150)).isEqualTo(Color.WHITE.getRGB());
        assertThat(all.getRGB(220, 100)).isEqualTo(Color.WHITE.getRGB());
    }

    private static BufferedImage filled(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
