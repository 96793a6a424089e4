package org.vae4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.core.checkpoint.Restored;

/**
 * What one executor JVM keeps between tasks: one backend per provider name, opened through {@link
 * Backends} discovery on first use, and one restored model per checkpoint and backend. A JVM
 * shutdown hook closes them, models first, which frees their native memory.
 */
final class ExecutorModels {
    private static final String DEFAULT_BACKEND = "";
    private static final Map<String, Backend> BACKENDS = new ConcurrentHashMap<>();
    private static final Map<String, Restored> MODELS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(ExecutorModels::closeAll, "vae4j-spark-close"));
    }

    private ExecutorModels() {}

    /** Returns this JVM's model of {@code checkpoint} on the named backend (null: the default). */
    static Restored model(CheckpointBytes checkpoint, String backendName) {
        String name = backendName == null ? DEFAULT_BACKEND : backendName;
        return MODELS.computeIfAbsent(
                checkpoint.sha256() + "@" + name, key -> checkpoint.load(backend(name)));
    }

    private static Backend backend(String name) {
        return BACKENDS.computeIfAbsent(
                name, n -> Backends.open(n.equals(DEFAULT_BACKEND) ? null : n, null));
    }

    private static void closeAll() {
        List<AutoCloseable> open = new ArrayList<>(MODELS.values());
        open.addAll(BACKENDS.values());
        MODELS.clear();
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
