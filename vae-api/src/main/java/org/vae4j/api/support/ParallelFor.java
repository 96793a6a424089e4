package org.vae4j.api.support;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A parallel-for for the host loops of CPU backends, on any number of cores: the indices {@code [0,
 * n)} are cut into at most {@link #workers()} contiguous pieces of at least {@code grain} indices,
 * the calling thread runs pieces too, and daemon helper threads (started on first use) claim the
 * rest. The cut depends only on {@code n}, {@code grain} and the worker count, and each piece is
 * the same work whichever thread runs it, so results never depend on timing; a reduction that
 * combines its pieces' partial results in piece order is deterministic for a given worker count.
 * While another caller holds the helpers, or with one worker, the caller runs every piece itself.
 *
 * <p>Background work (batches prepared ahead of training) runs its loops {@link #serially}, so it
 * never takes the helpers from the thread it serves.
 *
 * <p>Tests build their own instance with several workers and a grain of 1 to reach the split paths
 * of every kernel on any machine; {@link #shared()} has one worker per core, or the number the
 * {@value #THREADS_PROPERTY} system property gives.
 */
public final class ParallelFor {
    /** The system property that sets {@link #shared()}'s worker count. */
    public static final String THREADS_PROPERTY = "vae4j.host.threads";

    /** Spins before parking while helpers finish: a piece takes tens of microseconds. */
    private static final int SPINS = 20_000;

    private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> false);

    private static final class Shared {
        static final ParallelFor INSTANCE = new ParallelFor(defaultWorkers());
    }

    private final int workers;
    private final Thread[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Job current;

    /** Creates a parallel-for of {@code workers} threads (the caller and workers - 1 helpers). */
    public ParallelFor(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
        this.helpers = new Thread[workers - 1];
    }

    /** Returns the JVM's instance: one worker per core, or {@value #THREADS_PROPERTY}. */
    public static ParallelFor shared() {
        return Shared.INSTANCE;
    }

    private static int defaultWorkers() {
        String given = System.getProperty(THREADS_PROPERTY);
        int cores = Runtime.getRuntime().availableProcessors();
        if (given == null || given.isBlank()) {
            return cores;
        }
        try {
            return Math.max(1, Integer.parseInt(given.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    THREADS_PROPERTY + " must be a whole number of threads, got '" + given + "'",
                    e);
        }
    }

    /**
     * Returns {@code work.get()}, with every loop this thread runs inside it run on this thread
     * alone, whichever instance runs it: for background work that must not take the cores from the
     * loops of the thread it serves.
     */
    public static <T> T serially(Supplier<T> work) {
        boolean was = SERIAL.get();
        SERIAL.set(true);
        try {
            return work.get();
        } finally {
            SERIAL.set(was);
        }
    }

    /** Returns the most pieces a loop is cut into. */
    public int workers() {
        return workers;
    }

    /**
     * Returns how many pieces {@code n} indices are cut into: {@code min(workers, n / grain)}, at
     * least 1.
     */
    public int pieces(long n, long grain) {
        return pieces(n, grain, workers);
    }

    /** Returns how many pieces {@code n} indices are cut into on {@code workers} workers. */
    static int pieces(long n, long grain, int workers) {
        long byGrain = n / Math.max(1, grain);
        return (int) Math.max(1, Math.min(workers, byGrain));
    }

    /** Returns where piece {@code i} of {@code pieces} over {@code [0, n)} starts. */
    public static long start(int i, int pieces, long n) {
        return n / pieces * i + n % pieces * i / pieces;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, cut into {@link #pieces} pieces; returns when every
     * piece has run, and throws here the first failure of any piece.
     */
    public void run(long n, long grain, Range body) {
        int pieces = pieces(n, grain);
        runPieces(pieces, piece -> body.run(start(piece, pieces, n), start(piece + 1, pieces, n)));
    }

    /**
     * Runs {@code body} once for each piece {@code 0 .. pieces-1}, spread over the workers; returns
     * when all have run.
     */
    public void runPieces(int pieces, Piece body) {
        if (pieces <= 1 || workers == 1 || SERIAL.get() || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < pieces; i++) {
                body.run(i);
            }
            return;
        }
        try {
            Job job = new Job(body, pieces, Thread.currentThread());
            current = job;
            int wake = Math.min(pieces - 1, helpers.length);
            for (int h = 0; h < wake; h++) {
                LockSupport.unpark(helper(h));
            }
            job.work();
            job.await();
        } finally {
            current = null;
            busy.set(false);
        }
    }

    private synchronized Thread helper(int h) {
        if (helpers[h] == null) {
            Thread t = new Thread(() -> serve(h), "vae4j-host-" + (h + 1));
            t.setDaemon(true);
            t.start();
            helpers[h] = t;
        }
        return helpers[h];
    }

    /**
     * A helper's loop: runs pieces of the posted job, parks when there are none, and ends when
     * interrupted (a container shutting down its threads); the next loop starts it again, and a
     * caller runs any piece no helper claimed.
     */
    private void serve(int h) {
        while (!Thread.currentThread().isInterrupted()) {
            Job job = current;
            if (job == null || !job.work()) {
                LockSupport.park(this);
            }
        }
        synchronized (this) {
            helpers[h] = null;
        }
    }

    /** One loop's pieces, claimed one at a time by whichever thread asks first. */
    private static final class Job {
        private final Piece body;
        private final int pieces;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Job(Piece body, int pieces, Thread caller) {
            this.body = body;
            this.pieces = pieces;
            this.caller = caller;
        }

        /** Runs unclaimed pieces until none is left; returns whether it ran any. */
        boolean work() {
            boolean ran = false;
            for (int i = next.getAndIncrement(); i < pieces; i = next.getAndIncrement()) {
                ran = true;
                try {
                    body.run(i);
                } catch (Throwable t) { // handed to the caller, which rethrows it
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    if (done.incrementAndGet() == pieces) {
                        LockSupport.unpark(caller);
                    }
                }
            }
            return ran;
        }

        void await() {
            for (int i = 0; done.get() < pieces; i++) {
                if (i < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    /** Work over the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        /** Runs the indices {@code [from, to)}. */
        void run(long from, long to);
    }

    /** The work of one piece, by its number. */
    @FunctionalInterface
    public interface Piece {
        /** Runs piece number {@code piece}. */
        void run(int piece);
    }
}
