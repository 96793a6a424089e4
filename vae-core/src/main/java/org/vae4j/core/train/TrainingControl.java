package org.vae4j.core.train;

/** Lets a listener stop training after the current epoch, saying why. */
public final class TrainingControl {
    private String reason;

    /** Creates a control that has not stopped, which a training loop hands its listeners. */
    public TrainingControl() {}

    /** Stops training after this epoch. */
    public void stop(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** Returns why training was stopped, or null if it was not. */
    public String stopReason() {
        return reason;
    }
}
