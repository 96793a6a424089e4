package org.vae4j.core.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;
import org.vae4j.api.support.ParallelFor;

/**
 * Items {@code work.apply(0) .. work.apply(count - 1)} computed in order on one background thread,
 * up to {@code ahead} items before {@link #next} asks for them: a training loop's batch preparation
 * (gathering rows, scaling bytes, drawing a binarization) then runs while the step before it
 * trains, instead of between steps. One thread computes every item in turn, so whatever the work
 * draws from a random stream is drawn exactly as computing them one by one would; host loops inside
 * the work run on that thread alone ({@link ParallelFor#serially}), leaving the cores to the
 * training thread. With {@code ahead = 0} there is no thread and {@link #next} computes each item.
 *
 * <pre>{@code
 * try (Prefetch<HostBatch> feed = Prefetch.of(batches.size(), i -> prepare(batches.get(i)), 2)) {
 *     for (int i = 0; i < batches.size(); i++) {
 *         HostBatch batch = feed.next();
 *     }
 * }
 * }</pre>
 */
public final class Prefetch<T> implements AutoCloseable {
    /** The items a training loop prepares ahead unless told otherwise. */
    public static final int DEFAULT_AHEAD = 2;

    private final int count;
    private final IntFunction<T> work;
    private final BlockingQueue<Object> ready;
    private final Thread thread;
    private int taken;

    private record Failure(Throwable error) {}

    private Prefetch(int count, IntFunction<T> work, int ahead) {
        this.count = count;
        this.work = work;
        if (ahead == 0 || count == 0) {
            this.ready = null;
            this.thread = null;
            return;
        }
        this.ready = new ArrayBlockingQueue<>(ahead);
        this.thread = new Thread(this::produce, "vae4j-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts computing {@code count} items, {@code ahead} at most waiting to be taken.
     *
     * @throws IllegalArgumentException if {@code count} or {@code ahead} is negative
     */
    public static <T> Prefetch<T> of(int count, IntFunction<T> work, int ahead) {
        if (count < 0 || ahead < 0) {
            throw new IllegalArgumentException(
                    "count and ahead must be at least 0, got " + count + " and " + ahead);
        }
        return new Prefetch<>(count, work, ahead);
    }

    private void produce() {
        for (int i = 0; i < count; i++) {
            Object item;
            try {
                int at = i;
                item = ParallelFor.serially(() -> work.apply(at));
            } catch (Throwable t) { // handed to the taker, which rethrows it
                item = new Failure(t);
            }
            try {
                ready.put(item);
            } catch (InterruptedException e) {
                return; // closed
            }
            if (item instanceof Failure) {
                return;
            }
        }
    }

    /**
     * Returns the next item, waiting for it if it is not ready; a failure of the work computing it
     * is thrown here, on the caller's thread.
     *
     * @throws NoSuchElementException after all {@code count} items were taken
     */
    @SuppressWarnings("unchecked")
    public T next() {
        if (taken >= count) {
            throw new NoSuchElementException("All " + count + " items were taken");
        }
        if (thread == null) {
            return work.apply(taken++);
        }
        Object item;
        try {
            item = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while waiting for item " + (taken + 1) + " of " + count, e);
        }
        if (item instanceof Failure f) {
            taken = count;
            if (f.error() instanceof RuntimeException r) {
                throw r;
            }
            if (f.error() instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(f.error());
        }
        taken++;
        return (T) item;
    }

    /**
     * Stops the background thread and waits for it, so no work runs after this returns; items not
     * taken are dropped.
     */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
