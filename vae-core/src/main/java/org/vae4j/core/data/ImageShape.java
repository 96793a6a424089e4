package org.vae4j.core.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of one image: {@code channels x height x width}, written {@code "3x32x32"}. A model
 * reads an image as a flat row of {@link #features()} values, channel-major ({@code c * height *
 * width + y * width + x}), as a convolutional model's {@code [channels, height, width]} view
 * expects.
 *
 * @param channels 1 (grey) or 3 (colour: red, green, blue)
 * @param height rows of pixels
 * @param width columns of pixels
 */
public record ImageShape(int channels, int height, int width) {
    private static final Pattern TEXT = Pattern.compile("([0-9]{1,9})x([0-9]{1,9})x([0-9]{1,9})");

    /** 28x28 grey pixels: MNIST's images. */
    public static final ImageShape MNIST = new ImageShape(1, Mnist.SIDE, Mnist.SIDE);

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if the channels are not 1 or 3, a side is not positive, or
     *     the pixels of one image do not fit in an int
     */
    public ImageShape {
        if ((channels != 1 && channels != 3) || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "An image has 1 or 3 channels and positive sides, but got "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "An image of " + channels + "x" + height + "x" + width + " is too large");
        }
    }

    /** Returns the values per image, {@code channels * height * width}. */
    public int features() {
        return channels * height * width;
    }

    /**
     * Parses {@code "CxHxW"}, as {@link #toString()} writes it.
     *
     * @throws IllegalArgumentException if the text is not three sizes joined by {@code x}, or they
     *     are not an image's
     */
    public static ImageShape parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "An image shape is channels x height x width, such as 3x32x32, not '"
                            + text
                            + "'");
        }
        return new ImageShape(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** Returns {@code "CxHxW"}, for example {@code "1x28x28"}. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
