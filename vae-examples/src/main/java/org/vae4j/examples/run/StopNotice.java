package org.vae4j.examples.run;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The line that {@code vae train} prints when a SIGINT or SIGTERM ends it: what the run directory
 * keeps and how to continue. It is a shutdown hook from creation until {@link #close()}, which the
 * command reaches whenever it ends on its own.
 */
final class StopNotice implements AutoCloseable {
    private final Path root;
    private final PrintWriter notes;
    private final Thread hook;
    private volatile int epoch;
    private volatile int checkpointEpoch;
    private volatile boolean hadRun;

    /**
     * Registers the notice.
     *
     * @param hadRun whether {@code root} already holds a run being continued
     */
    StopNotice(Path root, boolean hadRun, PrintWriter notes) {
        this.root = root;
        this.notes = notes;
        this.hadRun = hadRun;
        this.hook = new Thread(this::print, "vae4j-stop-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Records that an epoch began. */
    void epochStarted(int epoch) {
        this.epoch = epoch;
    }

    /** Records that the directory now holds the checkpoint of {@code epoch}. */
    void checkpointed(int epoch) {
        checkpointEpoch = epoch;
        hadRun = true;
    }

    /** Returns the line for a stop now. */
    String line() {
        String when = epoch == 0 ? "before its first epoch" : "in epoch " + epoch;
        if (!hadRun) {
            return "vae train: stopped by a signal "
                    + when
                    + ", before the first checkpoint; nothing of the new run is kept. Run the same"
                    + " command again to start over";
        }
        String kept =
                checkpointEpoch == 0
                        ? "its last checkpoint"
                        : "the checkpoint of epoch " + checkpointEpoch;
        return "vae train: stopped by a signal "
                + when
                + "; "
                + root
                + " keeps "
                + kept
                + ". Continue with: vae train --resume "
                + root;
    }

    private void print() {
        notes.println(line());
        notes.flush();
    }

    /** Removes the hook: the command ended on its own. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs now or has run; nothing to undo
        }
    }
}
