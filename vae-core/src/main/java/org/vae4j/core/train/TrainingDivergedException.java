package org.vae4j.core.train;

import org.vae4j.api.VaeException;

/**
 * Training met a non-finite loss or gradient. The message names the step and the term; the model is
 * left as it was before that step, and checkpoints already written are kept.
 */
public final class TrainingDivergedException extends VaeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its one-line message. */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
