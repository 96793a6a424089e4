package org.vae4j.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vae4j.api.random.Rng;

/**
 * How an epoch is cut into batches of row indices. With {@code shuffle}, the order is {@link
 * Rng#permutation}, a Fisher-Yates shuffle drawn from the counter-based {@link Rng}, so one seed
 * gives one order on every backend and JVM; without it, rows come in order. The last batch may be
 * shorter unless {@code dropLast} drops it.
 *
 * <pre>{@code
 * Batching batching = new Batching(128, true, false);
 * for (int[] idx : batching.epoch(train.size(), shuffleRng)) { ... }
 * }</pre>
 *
 * @param batchSize rows per batch, {@code >= 1}
 * @param shuffle whether each epoch visits the rows in a random order
 * @param dropLast whether to drop a last batch shorter than {@code batchSize}
 */
public record Batching(int batchSize, boolean shuffle, boolean dropLast) {
    /**
     * Checks the batch size.
     *
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public Batching {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, but was " + batchSize);
        }
    }

    /** Returns how many batches an epoch over {@code size} rows has. */
    public int batchCount(int size) {
        checkSize(size);
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /**
     * Returns one epoch's batches of indices in {@code [0, size)}. Each index appears exactly once,
     * except those of a dropped last batch. {@code rng} advances only when shuffling, and may then
     * not be {@code null}.
     */
    public List<int[]> epoch(int size, Rng rng) {
        checkSize(size);
        int[] order;
        if (shuffle) {
            order = Objects.requireNonNull(rng, "rng is needed to shuffle").permutation(size);
        } else {
            order = new int[size];
            Arrays.setAll(order, i -> i);
        }
        int count = batchCount(size);
        List<int[]> batches = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            int from = b * batchSize;
            batches.add(Arrays.copyOfRange(order, from, Math.min(size, from + batchSize)));
        }
        return List.copyOf(batches);
    }

    private static void checkSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, but was " + size);
        }
    }
}
