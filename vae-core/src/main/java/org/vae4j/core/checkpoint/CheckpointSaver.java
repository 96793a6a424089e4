package org.vae4j.core.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vae4j.core.model.Vae;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingControl;
import org.vae4j.core.train.TrainingListener;

/**
 * Saves a checkpoint after every {@code every}-th epoch and after the last, replacing the previous
 * one atomically: whenever the process dies, the file holds the last completed save.
 */
public final class CheckpointSaver implements TrainingListener {
    private final Supplier<Path> file;
    private final Vae vae;
    private final Optimizer optimizer;
    private final RunInfo run;
    private final int every;
    private final List<EpochMetrics> history;
    private final HistoryText historyText;

    /**
     * Saves to {@code file}.
     *
     * @param run the run's architecture, settings (whose epochs are the last to save), provenance,
     *     and the history of epochs before this training call
     * @param every save after every this many epochs (1 saves every epoch)
     */
    public CheckpointSaver(Path file, Vae vae, Optimizer optimizer, RunInfo run, int every) {
        this(() -> file, vae, optimizer, run, every);
    }

    /**
     * Saves to the file that {@code file} names at each save, for a run whose files move while it
     * trains (see {@link #CheckpointSaver(Path, Vae, Optimizer, RunInfo, int)}).
     */
    public CheckpointSaver(
            Supplier<Path> file, Vae vae, Optimizer optimizer, RunInfo run, int every) {
        if (every <= 0) {
            throw new IllegalArgumentException("every must be > 0, but was " + every);
        }
        this.file = file;
        this.vae = vae;
        this.optimizer = optimizer;
        this.run = run;
        this.every = every;
        this.history = new ArrayList<>(run.history());
        this.historyText = new HistoryText(run.history());
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingControl control) {
        history.add(metrics);
        historyText.add(metrics);
        if (metrics.epoch() % every == 0 || metrics.epoch() == run.training().epochs()) {
            save();
        }
    }

    /** Saves now (for example when training stops early), with the epochs trained so far. */
    public void save() {
        Checkpoints.save(
                file.get(),
                vae,
                optimizer,
                new RunInfo(run.model(), run.training(), history.size(), history, run.provenance()),
                historyText.json());
    }
}
