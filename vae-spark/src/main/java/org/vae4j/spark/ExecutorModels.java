package org.vae4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.model.Vae;

/**
 * What one executor JVM keeps between tasks: one backend per provider name, opened through {@link
 * Backends} discovery on first use, one restored model per checkpoint and backend for scoring, and
 * for training a pool of models per architecture and backend that tasks borrow one at a time. A JVM
 * shutdown hook closes them, models first, which frees their native memory.
 */
final class ExecutorModels {
    private static final String DEFAULT_BACKEND = "";
    private static final Map<String, Backend> BACKENDS = new ConcurrentHashMap<>();
    private static final Map<String, Restored> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, Queue<Vae>> IDLE = new ConcurrentHashMap<>();
    private static final Queue<Vae> TRAINING = new ConcurrentLinkedQueue<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(ExecutorModels::closeAll, "vae4j-spark-close"));
    }

    private ExecutorModels() {}

    /** Returns this JVM's model of {@code checkpoint} on the named backend (null: the default). */
    static Restored model(CheckpointBytes checkpoint, String backendName) {
        String name = nameOf(backendName);
        return MODELS.computeIfAbsent(
                checkpoint.sha256() + "@" + name, key -> checkpoint.load(backend(name)));
    }

    /**
     * Lends a model of {@code checkpoint}'s architecture on the named backend (null: the default)
     * to one task, which overwrites its state and hands it back with {@link #giveBack}; a model is
     * restored only when every one is lent.
     */
    static Vae borrow(CheckpointBytes checkpoint, String backendName) {
        Vae idle = idle(checkpoint, backendName).poll();
        if (idle != null) {
            return idle;
        }
        Restored restored = checkpoint.load(backend(nameOf(backendName)));
        restored.optimizer().close();
        TRAINING.add(restored.vae());
        return restored.vae();
    }

    /** Takes back a model lent by {@link #borrow}. */
    static void giveBack(CheckpointBytes checkpoint, String backendName, Vae vae) {
        idle(checkpoint, backendName).add(vae);
    }

    /**
     * Returns the idle models of {@code checkpoint}'s architecture. The first task of a new run
     * closes the idle models of earlier runs, so an executor that outlives many runs keeps only the
     * latest run's.
     */
    private static Queue<Vae> idle(CheckpointBytes checkpoint, String backendName) {
        String key = checkpoint.sha256() + "@" + nameOf(backendName);
        Queue<Vae> queue = IDLE.get(key);
        if (queue != null) {
            return queue;
        }
        synchronized (IDLE) {
            IDLE.keySet().removeIf(other -> !other.equals(key) && closeIdle(IDLE.get(other)));
            return IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
        }
    }

    private static boolean closeIdle(Queue<Vae> queue) {
        for (Vae vae = queue.poll(); vae != null; vae = queue.poll()) {
            TRAINING.remove(vae);
            vae.close();
        }
        return true;
    }

    private static String nameOf(String backendName) {
        return backendName == null ? DEFAULT_BACKEND : backendName;
    }

    private static Backend backend(String name) {
        return BACKENDS.computeIfAbsent(
                name, n -> Backends.open(n.equals(DEFAULT_BACKEND) ? null : n, null));
    }

    private static void closeAll() {
        List<AutoCloseable> open = new ArrayList<>(MODELS.values());
        open.addAll(TRAINING);
        open.addAll(BACKENDS.values());
        MODELS.clear();
        TRAINING.clear();
        IDLE.clear();
        BACKENDS.clear();
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // The JVM is exiting; what did not close is freed with the process.
            }
        }
    }
}
