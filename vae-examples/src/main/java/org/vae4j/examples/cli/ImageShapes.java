package org.vae4j.examples.cli;

import java.util.Optional;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.ImageShape;
import org.vae4j.core.model.ConvVaeConfig;

/**
 * The image shape a model's rows are: the one its run records (a convolutional model's own, else
 * the training data's, which {@code vae train} keeps in the provenance), or for a model that
 * records none, a square grey image when the feature count is a square (784: MNIST's 28x28).
 */
final class ImageShapes {
    /** The provenance key under which {@code vae train} records the data's image shape. */
    static final String PROVENANCE_KEY = "image";

    private ImageShapes() {}

    /** Returns the shape a run records for its model as {@code CxHxW}, or null if none. */
    static String recorded(RunInfo info) {
        if (info.model() instanceof ConvVaeConfig c) {
            return c.channels() + "x" + c.height() + "x" + c.width();
        }
        return info.provenance().get(PROVENANCE_KEY);
    }

    /**
     * Returns the shape of images of {@code features} values: {@code recorded} (null if none) if it
     * is an image shape of that many values, else a square grey image, else empty.
     */
    static Optional<ImageShape> drawn(String recorded, int features) {
        if (recorded != null) {
            try {
                ImageShape s = ImageShape.parse(recorded);
                return s.features() == features ? Optional.of(s) : Optional.empty();
            } catch (IllegalArgumentException notAnImage) {
                return Optional.empty();
            }
        }
        int side = (int) Math.round(Math.sqrt(features));
        return side * side == features
                ? Optional.of(new ImageShape(1, side, side))
                : Optional.empty();
    }
}
