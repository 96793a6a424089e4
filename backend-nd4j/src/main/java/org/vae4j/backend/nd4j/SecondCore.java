package org.vae4j.backend.nd4j;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs two halves of a piece of work at once on a two-core machine: the calling thread runs the
 * first while one daemon helper thread runs the second; {@link Nd4jGemm} uses it for large matrix
 * products, where BLAS is held to one thread (more threads than cores stalled it). When the helper
 * has not started the second half by the time the caller finishes the first, the caller runs it
 * too, so a busy machine costs no more than one thread; while another caller holds the helper, the
 * caller runs both halves itself. Either way the same two pieces of work run, so the result never
 * depends on timing.
 */
final class SecondCore {
    private static final SecondCore SHARED = new SecondCore();

    /** Spins before parking while the helper finishes: a half takes tens of microseconds. */
    private static final int SPINS = 20_000;

    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicReference<Task> posted = new AtomicReference<>();
    private Thread thread;

    private SecondCore() {}

    /** Returns the JVM's one helper, whose thread starts on first use. */
    static SecondCore shared() {
        return SHARED;
    }

    /**
     * Runs {@code task} over {@code [0, n)}: when {@code split} is set and n is at least 2, as the
     * halves {@code [0, n/2)} here and {@code [n/2, n)} on the helper ({@link #runBoth}); else
     * whole, here.
     */
    void forHalves(long n, boolean split, Range task) {
        if (!split || n < 2) {
            task.run(0, n);
            return;
        }
        long half = n / 2;
        runBoth(() -> task.run(0, half), () -> task.run(half, n));
    }

    /**
     * Runs {@code first} on this thread and {@code second} on the helper (or here), returning when
     * both have run; a failure of either is thrown here.
     */
    void runBoth(Runnable first, Runnable second) {
        if (!busy.compareAndSet(false, true)) {
            first.run();
            second.run();
            return;
        }
        try {
            Task task = new Task(second, Thread.currentThread());
            posted.set(task);
            LockSupport.unpark(thread());
            first.run();
            if (task.claim()) {
                second.run();
            } else {
                task.await();
            }
        } finally {
            busy.set(false);
        }
    }

    private synchronized Thread thread() {
        if (thread == null) {
            thread = new Thread(this::serve, "vae4j-nd4j-second-core");
            thread.setDaemon(true);
            thread.start();
        }
        return thread;
    }

    private void serve() {
        while (true) {
            Task task = posted.getAndSet(null);
            if (task == null) {
                LockSupport.park(this);
            } else if (task.claim()) {
                task.runHere();
            }
        }
    }

    /** A second half handed to the helper: claimed by exactly one of the two threads. */
    private static final class Task {
        private final Runnable body;
        private final Thread caller;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile boolean done;
        private volatile Throwable failure;

        Task(Runnable body, Thread caller) {
            this.body = body;
            this.caller = caller;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        void runHere() {
            try {
                body.run();
            } catch (Throwable t) { // handed back to the caller, which rethrows it
                failure = t;
            } finally {
                done = true;
                LockSupport.unpark(caller);
            }
        }

        void await() {
            for (int i = 0; !done; i++) {
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
    interface Range {
        void run(long from, long to);
    }
}
