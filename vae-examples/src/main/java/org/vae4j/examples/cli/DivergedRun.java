package org.vae4j.examples.cli;

import java.nio.file.Path;
import org.vae4j.core.train.TrainingDivergedException;

/**
 * What {@code vae train} advises when training diverges: what the run directory keeps, and a fix
 * that the command line allows. A resumed run keeps its learning rate and repeats its steps
 * exactly, so resuming would diverge again at the same step; the fix is a new run with a lower
 * {@code --lr}.
 */
final class DivergedRun {
    private DivergedRun() {}

    /** Returns {@code e} with the advice for a run in {@code root} at learning rate {@code lr}. */
    static TrainingDivergedException advise(TrainingDivergedException e, Path root, double lr) {
        int kept = e.epoch() - 1;
        String fix =
                kept == 0
                        ? "No checkpoint was written, so nothing of this run is kept; train again"
                                + " with a lower --lr than "
                                + lr
                        : root
                                + " keeps the checkpoint of epoch "
                                + kept
                                + ", but resuming keeps the learning rate and would diverge"
                                + " again; train a new run with a lower --lr than "
                                + lr;
        return new TrainingDivergedException(e.problem(), e.epoch(), fix);
    }
}
