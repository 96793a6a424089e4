package org.vae4j.core.nn;

/**
 * Batch normalisation of {@code [batch, channels, height, width]} images, per channel over the
 * batch and every pixel, as PyTorch's {@code nn.BatchNorm2d} (see {@link BatchNorm} for the modes
 * and the running statistics).
 */
public final class BatchNorm2d extends BatchNorm {
    /** Normalises {@code channels} channels. */
    public BatchNorm2d(Init init, int channels) {
        super(init, channels, 4);
    }
}
