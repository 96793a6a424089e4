package org.vae4j.core.nn;

/**
 * Batch normalisation of {@code [batch, features]} rows, per feature, as PyTorch's {@code
 * nn.BatchNorm1d} (see {@link BatchNorm} for the modes and the running statistics).
 */
public final class BatchNorm1d extends BatchNorm {
    /** Normalises {@code features} features. */
    public BatchNorm1d(Init init, int features) {
        super(init, features, 2);
    }
}
