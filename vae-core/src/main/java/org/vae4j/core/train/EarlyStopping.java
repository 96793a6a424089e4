package org.vae4j.core.train;

/**
 * Stops training when the test loss has not improved by at least {@code minDelta} for {@code
 * patience} epochs in a row. Epochs without a test evaluation are judged on the training loss.
 */
public final class EarlyStopping implements TrainingListener {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int stale;

    /** Stops after {@code patience} epochs without an improvement of at least {@code minDelta}. */
    public EarlyStopping(int patience, double minDelta) {
        if (patience <= 0) {
            throw new IllegalArgumentException("patience must be > 0, but was " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("minDelta must be >= 0, but was " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingControl control) {
        double loss = Double.isNaN(metrics.testLoss()) ? metrics.trainLoss() : metrics.testLoss();
        if (loss < best - minDelta) {
            best = loss;
            stale = 0;
        } else if (++stale >= patience) {
            control.stop(
                    "no improvement of at least "
                            + minDelta
                            + " nats for "
                            + patience
                            + " epochs (best "
                            + best
                            + ")");
        }
    }
}
