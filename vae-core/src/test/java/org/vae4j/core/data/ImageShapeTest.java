package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Image shapes: sizes, text and what is refused. */
class ImageShapeTest {
    @Test
    void featuresAndTextRoundTrip() {
        ImageShape s = ImageShape.parse(" 3x32x24 ");
        assertThat(s).isEqualTo(new ImageShape(3, 32, 24));
        assertThat(s.features()).isEqualTo(3 * 32 * 24);
        assertThat(s).hasToString("3x32x24");
        assertThat(ImageShape.MNIST).hasToString("1x28x28");
    }

    @Test
    void badShapesAreRefused() {
        assertThatThrownBy(() -> new ImageShape(2, 4, 4)).hasMessageContaining("1 or 3 channels");
        assertThatThrownBy(() -> new ImageShape(1, 0, 4)).hasMessageContaining("1x0x4");
        assertThatThrownBy(() -> new ImageShape(3, 65536, 65536)).hasMessageContaining("too large");
        assertThatThrownBy(() -> ImageShape.parse("32x32")).hasMessageContaining("such as 3x32x32");
    }
}
