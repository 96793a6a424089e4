package org.vae4j.host;

import java.util.Arrays;

/**
 * The walk over a result's elements in row-major order with each operand's matching element, for
 * operands broadcast to the result by NumPy's rules (missing leading axes and size-1 axes repeat).
 * Axes that every operand walks alike are merged first, so that a walk is a few long runs along the
 * last axis, in each of which every operand either advances one element at a time or repeats one
 * value; a broadcast bias, a column of per-row values and a scalar all take that shape.
 */
final class Broadcast {
    private final long[] dims;

    /** Per operand, per merged axis: elements to step in the operand, 0 where it repeats. */
    private final long[][] strides;

    /** Creates the walk of operands of shapes {@code in} broadcast to {@code out}. */
    Broadcast(long[] out, long[]... in) {
        int rank = out.length;
        long[][] full = new long[in.length][rank];
        for (int k = 0; k < in.length; k++) {
            long stride = 1;
            for (int a = rank - 1; a >= 0; a--) {
                int ia = a - (rank - in[k].length);
                long size = ia >= 0 ? in[k][ia] : 1;
                full[k][a] = size == 1 ? 0 : stride;
                stride *= size;
            }
        }
        long[] merged = new long[Math.max(1, rank)];
        long[][] mergedStrides = new long[in.length][merged.length];
        int count = 0;
        for (int a = 0; a < rank; a++) {
            if (out[a] == 1) {
                continue;
            }
            if (count > 0 && continues(full, mergedStrides, count - 1, a, out[a])) {
                merged[count - 1] *= out[a];
            } else {
                merged[count++] = out[a];
            }
            for (int k = 0; k < in.length; k++) {
                mergedStrides[k][count - 1] = full[k][a];
            }
        }
        if (count == 0) { // a single element
            merged[count++] = 1;
        }
        this.dims = Arrays.copyOf(merged, count);
        this.strides = new long[in.length][];
        for (int k = 0; k < in.length; k++) {
            strides[k] = Arrays.copyOf(mergedStrides[k], count);
        }
    }

    /**
     * Returns whether axis {@code a} (of size {@code size}) continues merged axis {@code m} for
     * every operand: stepping the merged axis once is stepping axis {@code a} {@code size} times.
     */
    private static boolean continues(long[][] full, long[][] merged, int m, int a, long size) {
        for (int k = 0; k < full.length; k++) {
            if (merged[k][m] != full[k][a] * size) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether operand {@code k} advances along the last merged axis (else it repeats). */
    boolean advances(int k) {
        return strides[k][dims.length - 1] != 0;
    }

    /**
     * Calls {@code run} for each run of the result's elements {@code [from, to)} along the last
     * merged axis, with each operand's offset at the run's start.
     */
    void walk(long from, long to, Run run) {
        int rank = dims.length;
        long[] index = new long[rank];
        long rest = from;
        for (int a = rank - 1; a >= 0; a--) {
            index[a] = rest % dims[a];
            rest /= dims[a];
        }
        long[] offsets = new long[strides.length];
        long at = from;
        while (at < to) {
            for (int k = 0; k < strides.length; k++) {
                long o = 0;
                for (int a = 0; a < rank; a++) {
                    o += index[a] * strides[k][a];
                }
                offsets[k] = o;
            }
            int len = (int) Math.min(to - at, dims[rank - 1] - index[rank - 1]);
            run.run(at, len, offsets);
            at += len;
            index[rank - 1] += len;
            for (int a = rank - 1; a > 0 && index[a] == dims[a]; a--) {
                index[a] = 0;
                index[a - 1]++;
            }
        }
    }

    /** A run of {@code len} result elements from {@code at}, operands from {@code offsets}. */
    @FunctionalInterface
    interface Run {
        void run(long at, int len, long[] offsets);
    }
}
