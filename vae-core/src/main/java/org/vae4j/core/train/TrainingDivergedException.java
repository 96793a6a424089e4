package org.vae4j.core.train;

import org.vae4j.api.VaeException;

/**
 * Training met a non-finite loss or gradient. The message names the step and the term; the model is
 * left as it was before that step, and checkpoints already written are kept. {@link #problem()} and
 * {@link #epoch()} let a caller that knows what it saved give its own advice.
 */
public final class TrainingDivergedException extends VaeException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final int epoch;

    /**
     * Creates the exception; its message is {@code "<problem>. <fix>"}, one line.
     *
     * @param problem what diverged and where, without a final period
     * @param epoch the 1-based epoch that diverged
     * @param fix what to do about it
     */
    public TrainingDivergedException(String problem, int epoch, String fix) {
        super(problem + ". " + fix);
        this.problem = problem;
        this.epoch = epoch;
    }

    /** Returns what diverged and where: the epoch, the step and the term or parameter. */
    public String problem() {
        return problem;
    }

    /** Returns the 1-based epoch that diverged; the epochs before it completed. */
    public int epoch() {
        return epoch;
    }
}
