package org.vae4j.core.checkpoint;

import java.util.List;
import org.vae4j.core.io.Json;
import org.vae4j.core.train.EpochMetrics;

/**
 * A run's history as the JSON array a checkpoint records, extended one epoch at a time: a saver
 * that writes every epoch serialises each epoch once instead of the whole history each time.
 */
final class HistoryText {
    private final StringBuilder text = new StringBuilder("[");

    HistoryText(List<EpochMetrics> earlier) {
        earlier.forEach(this::add);
    }

    /** Returns the JSON of a whole history, as {@code Json.write} writes the list. */
    static String of(List<EpochMetrics> history) {
        return new HistoryText(history).json();
    }

    void add(EpochMetrics metrics) {
        if (text.length() > 1) {
            text.append(',');
        }
        text.append(Json.write(metrics.toJson()));
    }

    String json() {
        return text + "]";
    }
}
