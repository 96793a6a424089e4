package org.vae4j.host;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether arrays hold only finite values (no NaN, no infinity), read in one pass over all of them,
 * cut into pieces over the workers as if they were one array: a training step checks all its
 * gradients this way with one hand-over instead of a reduction per tensor. Each chunk is copied
 * into a per-thread array and replaced by {@code x - x}, which is +0 for every finite value and NaN
 * otherwise, and compared with zeros by {@link Arrays#mismatch}, which the JVM runs as vector
 * instructions (35 us for 313,600 floats on one core, where adding {@code x - x} into eight sums
 * took 94 us and a running maximum of {@code |x|} 76 us).
 */
public final class HostFinite {
    private static final int CHUNK = HostScratch.CHUNK;
    private static final float[] FLOAT_ZEROS = new float[CHUNK];
    private static final double[] DOUBLE_ZEROS = new double[CHUNK];

    private HostFinite() {}

    /** Returns whether every element of every array is finite (true for none). */
    public static boolean all(List<HostArray> arrays, ElementCut cut) {
        long[] starts = new long[arrays.size() + 1];
        for (int k = 0; k < arrays.size(); k++) {
            starts[k + 1] = starts[k] + arrays.get(k).length();
        }
        AtomicBoolean found = new AtomicBoolean();
        cut.run(
                starts[arrays.size()],
                (from, to) -> {
                    if (!finite(arrays, starts, from, to)) {
                        found.set(true);
                    }
                });
        return !found.get();
    }

    /** Checks the elements {@code [from, to)} of the arrays laid end to end. */
    private static boolean finite(List<HostArray> arrays, long[] starts, long from, long to) {
        int k = 0;
        for (long at = from; at < to; ) {
            while (starts[k + 1] <= at) {
                k++;
            }
            int start = (int) (at - starts[k]);
            int end = (int) (Math.min(to, starts[k + 1]) - starts[k]);
            if (!finite(arrays.get(k), start, end)) {
                return false;
            }
            at = starts[k] + end;
        }
        return true;
    }

    private static boolean finite(HostArray x, int from, int to) {
        if (x.isFloat()) {
            float[] v = HostScratch.floats()[0];
            for (int at = from; at < to; at += CHUNK) {
                int n = Math.min(CHUNK, to - at);
                x.floats().get(at, v, 0, n);
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] - v[i];
                }
                if (Arrays.mismatch(v, 0, n, FLOAT_ZEROS, 0, n) >= 0) {
                    return false;
                }
            }
        } else {
            double[] v = HostScratch.doubles()[0];
            for (int at = from; at < to; at += CHUNK) {
                int n = Math.min(CHUNK, to - at);
                x.doubles().get(at, v, 0, n);
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] - v[i];
                }
                if (Arrays.mismatch(v, 0, n, DOUBLE_ZEROS, 0, n) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
