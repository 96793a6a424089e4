package org.vae4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonFields;

/**
 * Keeps {@code metrics.jsonl}, one JSON object per epoch ({@link EpochMetrics#toJson()}). The file
 * is rewritten atomically after each epoch, so it is always complete: a crash leaves the previous
 * version, never a torn line. Earlier epochs' lines are kept as text, so an epoch costs one line's
 * serialisation however long the run.
 */
public final class MetricsLog implements TrainingListener {
    private final Supplier<Path> file;
    private final StringBuilder text = new StringBuilder();

    /** Logs to {@code file}, after the epochs of {@code earlier} (a resumed run's history). */
    public MetricsLog(Path file, List<EpochMetrics> earlier) {
        this(() -> file, earlier);
    }

    /** Logs to the file that {@code file} names after each epoch, for a run whose files move. */
    public MetricsLog(Supplier<Path> file, List<EpochMetrics> earlier) {
        this.file = file;
        earlier.forEach(m -> appendLine(text, m));
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingControl control) {
        appendLine(text, metrics);
        writeText(file.get(), text);
    }

    /** Writes a whole history to {@code file} atomically. */
    public static void write(Path file, List<EpochMetrics> history) {
        StringBuilder text = new StringBuilder();
        history.forEach(m -> appendLine(text, m));
        writeText(file, text);
    }

    private static void appendLine(StringBuilder text, EpochMetrics m) {
        text.append(Json.write(m.toJson())).append('\n');
    }

    private static void writeText(Path file, CharSequence text) {
        try {
            AtomicFiles.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a history written by {@link #write}. */
    public static List<EpochMetrics> read(Path file) throws IOException {
        List<EpochMetrics> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(EpochMetrics.fromJson(JsonFields.of(Json.parse(line))));
            }
        }
        return out;
    }
}
