package org.vae4j.examples.cli;

import java.util.Locale;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingControl;
import org.vae4j.core.train.TrainingListener;

/**
 * Shows training as it goes: on a terminal, a bar that redraws at most five times a second; and for
 * every epoch, one line with its losses, time and throughput.
 */
final class ProgressPrinter implements TrainingListener {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final Console console;
    private final int epochs;
    private final int batchSize;
    private long lastDraw;
    private long epochStart;

    @Override
    public void onEpochStart(int epoch, int batches) {
        epochStart = System.nanoTime();
        lastDraw = epochStart;
    }

    ProgressPrinter(Console console, int epochs, int batchSize) {
        this.console = console;
        this.epochs = epochs;
        this.batchSize = batchSize;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double meanLoss) {
        if (!console.interactive()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && batch < batches) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int done = (int) ((long) width * batch / batches);
        double elapsed = (now - epochStart) / 1e9;
        double eta = elapsed / batch * (batches - batch);
        console.err()
                .printf(
                        Locale.ROOT,
                        "\repoch %d/%d [%s%s] %d/%d  loss %.2f  %,.0f ex/s  %.0f s left ",
                        epoch,
                        epochs,
                        "=".repeat(done),
                        " ".repeat(width - done),
                        batch,
                        batches,
                        meanLoss,
                        (double) batch * batchSize / elapsed,
                        eta);
        console.err().flush();
    }

    @Override
    public void onEpochEnd(EpochMetrics m, TrainingControl control) {
        if (console.interactive()) {
            console.err().print("\r" + " ".repeat(72) + "\r");
            console.err().flush();
        }
        console.out().println(m.summary(epochs));
        console.out().flush();
    }
}
