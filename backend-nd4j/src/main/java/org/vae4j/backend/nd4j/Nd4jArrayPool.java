package org.vae4j.backend.nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A bounded cache of the CPU build's freed arrays, by dtype and size, whose buffers new results of
 * that dtype and size take (in their own shape: a reshape and its source share a size). Creating an
 * ND4J array costs some 15 microseconds before any arithmetic, and a fresh buffer is zeroed and
 * first-touched (page faults): the importance-sampled evaluation spent half its time allocating the
 * 31 MB buffers of each chunk of samples, and a training step allocates hundreds of small ones. A
 * step or a chunk repeats the sizes of the one before, so after the first the cache serves nearly
 * every request. It holds at most {@link #MAX_BYTES}, dropping the least recently used sizes first,
 * and {@link #clear} frees it all (the backend's close does).
 */
final class Nd4jArrayPool {
    /** The most bytes the cache keeps. */
    static final long MAX_BYTES = 512L << 20;

    /** The most arrays kept per dtype and size. */
    private static final int MAX_PER_SIZE = 32;

    private static final Nd4jArrayPool SHARED = new Nd4jArrayPool();

    /** Free arrays by dtype and size, least recently used sizes first. */
    private final LinkedHashMap<Key, ArrayDeque<INDArray>> free =
            new LinkedHashMap<>(64, 0.75f, true);

    private volatile boolean enabled;
    private long bytes;

    private Nd4jArrayPool() {}

    /** Returns the JVM's one cache (ND4J's arrays are not tied to a backend instance). */
    static Nd4jArrayPool shared() {
        return SHARED;
    }

    /** Turns the cache on: only on the CPU build, whose arrays are not tied to a device. */
    void enable() {
        enabled = true;
    }

    /**
     * Returns a free dense row-major array of this dtype and shape (a cached buffer of that size,
     * in a new array of that shape if its last one had another), or null if there is none.
     */
    INDArray take(DataType type, long[] shape) {
        if (!enabled) {
            return null;
        }
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        if (length == 0) {
            return null;
        }
        INDArray x = poll(new Key(type, length));
        return x == null || Arrays.equals(x.shape(), shape) ? x : Nd4j.create(x.data(), shape);
    }

    private synchronized INDArray poll(Key key) {
        ArrayDeque<INDArray> arrays = free.get(key);
        INDArray x = arrays == null ? null : arrays.pollLast();
        if (x != null) {
            bytes -= bytes(x);
        }
        return x;
    }

    /**
     * Takes back an array no tensor holds any more: kept for reuse if it owns a dense buffer and
     * there is room, else closed.
     */
    void recycle(INDArray x) {
        if (!x.closeable()) {
            return; // a view: its buffer belongs to another array
        }
        if (!enabled || !keep(x)) {
            x.close();
        }
    }

    private synchronized boolean keep(INDArray x) {
        long size = bytes(x);
        if (x.isEmpty() || x.isView() || x.ordering() != 'c' || size > MAX_BYTES) {
            return false;
        }
        ArrayDeque<INDArray> arrays =
                free.computeIfAbsent(new Key(x.dataType(), x.length()), k -> new ArrayDeque<>());
        if (arrays.size() >= MAX_PER_SIZE) {
            return false;
        }
        arrays.addLast(x);
        bytes += size;
        evictBeyond(MAX_BYTES);
        return true;
    }

    /** Frees every cached array. */
    synchronized void clear() {
        evictBeyond(0);
    }

    /** Returns the bytes the cache holds. */
    synchronized long bytes() {
        return bytes;
    }

    private void evictBeyond(long limit) {
        Iterator<Map.Entry<Key, ArrayDeque<INDArray>>> it = free.entrySet().iterator();
        while (bytes > limit && it.hasNext()) {
            ArrayDeque<INDArray> arrays = it.next().getValue();
            while (bytes > limit && !arrays.isEmpty()) {
                INDArray x = arrays.pollFirst();
                bytes -= bytes(x);
                x.close();
            }
            if (arrays.isEmpty()) {
                it.remove();
            }
        }
    }

    private static long bytes(INDArray x) {
        return x.length() * x.dataType().width();
    }

    /** A dtype and a number of elements. */
    private record Key(DataType type, long length) {}
}
