package org.vae4j.backend.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded cache of the CPU arrays no tensor holds any more, by manager, dtype and shape, which
 * new results of that shape take instead of a new array. Each new array is a call into libtorch,
 * its allocator and DJL's bookkeeping, and closing it three more: on the burda model those took
 * about 5% of the training thread (docs/PERFORMANCE.md), and a step repeats the shapes of the one
 * before, so after the first nearly every result is served here. It holds at most {@link
 * #MAX_BYTES}, dropping the least recently used shapes first; {@link #close(PtNDManager)} frees a
 * manager's (a backend's close does). The arrays stay attached to their manager meanwhile.
 */
final class DjlArrayPool {
    /** The most bytes the cache keeps. */
    static final long MAX_BYTES = 256L << 20;

    /** The most arrays kept per manager, dtype and shape. */
    private static final int MAX_PER_SHAPE = 32;

    private static final DjlArrayPool SHARED = new DjlArrayPool(MAX_BYTES);

    /** Free arrays by manager, dtype and shape, least recently used first. */
    private final LinkedHashMap<Key, ArrayDeque<PtNDArray>> free =
            new LinkedHashMap<>(64, 0.75f, true);

    private final long maxBytes;
    private long bytes;

    /** A cache of at most {@code maxBytes}; tests make their own. */
    DjlArrayPool(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Returns the JVM's one cache. */
    static DjlArrayPool shared() {
        return SHARED;
    }

    /** Returns a free array of {@code m} with this dtype and shape, or null if there is none. */
    synchronized PtNDArray take(PtNDManager m, DataType dt, long[] shape) {
        ArrayDeque<PtNDArray> arrays = free.get(new Key(m, dt, shape));
        PtNDArray x = arrays == null ? null : arrays.pollLast();
        if (x != null) {
            bytes -= bytes(dt, shape);
        }
        return x;
    }

    /**
     * Keeps {@code x} (a dense array of this dtype and shape that nothing holds any more) for reuse
     * and returns true, or returns false if there is no room: then the caller closes it.
     */
    synchronized boolean keep(PtNDArray x, DataType dt, long[] shape) {
        long size = bytes(dt, shape);
        if (size == 0 || size > maxBytes) {
            return false;
        }
        ArrayDeque<PtNDArray> arrays =
                free.computeIfAbsent(
                        new Key((PtNDManager) x.getManager(), dt, shape.clone()),
                        k -> new ArrayDeque<>());
        if (arrays.size() >= MAX_PER_SHAPE) {
            return false;
        }
        arrays.addLast(x);
        bytes += size;
        evictBeyond(maxBytes);
        return true;
    }

    /** Frees the arrays kept for {@code m}. */
    synchronized void close(PtNDManager m) {
        Iterator<Map.Entry<Key, ArrayDeque<PtNDArray>>> it = free.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, ArrayDeque<PtNDArray>> e = it.next();
            if (e.getKey().manager == m) {
                while (!e.getValue().isEmpty()) {
                    closeOldest(e.getKey(), e.getValue());
                }
                it.remove();
            }
        }
    }

    /** Returns the bytes the cache holds. */
    synchronized long bytes() {
        return bytes;
    }

    /** Returns how many arrays of {@code m} the cache holds. */
    synchronized int held(PtNDManager m) {
        int n = 0;
        for (Map.Entry<Key, ArrayDeque<PtNDArray>> e : free.entrySet()) {
            if (e.getKey().manager == m) {
                n += e.getValue().size();
            }
        }
        return n;
    }

    private void evictBeyond(long limit) {
        Iterator<Map.Entry<Key, ArrayDeque<PtNDArray>>> it = free.entrySet().iterator();
        while (bytes > limit && it.hasNext()) {
            Map.Entry<Key, ArrayDeque<PtNDArray>> e = it.next();
            while (bytes > limit && !e.getValue().isEmpty()) {
                closeOldest(e.getKey(), e.getValue());
            }
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
    }

    private void closeOldest(Key key, ArrayDeque<PtNDArray> arrays) {
        arrays.pollFirst().close();
        bytes -= bytes(key.type, key.shape);
    }

    private static long bytes(DataType dt, long[] shape) {
        long n = dt.getNumOfBytes();
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** A manager (by identity), a dtype and a shape. */
    private static final class Key {
        final PtNDManager manager;
        final DataType type;
        final long[] shape;
        private final int hash;

        Key(PtNDManager manager, DataType type, long[] shape) {
            this.manager = manager;
            this.type = type;
            this.shape = shape;
            this.hash =
                    (System.identityHashCode(manager) * 31 + type.hashCode()) * 31
                            + Arrays.hashCode(shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && k.manager == manager
                    && k.type == type
                    && Arrays.equals(k.shape, shape);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
