package org.vae4j.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of one round's worker results, combined in a fixed binary tree over the worker indices
 * (workers {@code 2i} and {@code 2i + 1}, then pairs of pairs, ...) whatever order Spark's {@code
 * treeAggregate} delivers them in. Floating-point addition is commutative but not associative, so a
 * fixed grouping is what makes the average, and with it the run, the same bits on every try and
 * every resume.
 */
final class RoundSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int workers;
    private final int top;
    private final HashMap<Long, Part> parts = new HashMap<>();

    /** An empty sum for {@code workers} workers: {@code treeAggregate}'s zero. */
    RoundSum(int workers) {
        this.workers = workers;
        int levels = 0;
        while ((1L << levels) < workers) {
            levels++;
        }
        this.top = levels;
    }

    /** Adds one worker's result; returns this. */
    RoundSum add(Part leaf) {
        insert(0, leaf.first, leaf);
        return this;
    }

    /** Adds another partial sum's parts; returns this. */
    RoundSum merge(RoundSum other) {
        other.parts.forEach((key, part) -> insert((int) (key >>> 32), key.intValue(), part));
        return this;
    }

    /**
     * Returns the sum of every worker's result.
     *
     * @throws IllegalStateException if a worker's result is missing
     */
    Part total() {
        Part root = parts.get(key(top, 0));
        if (root == null || parts.size() != 1) {
            throw new IllegalStateException(
                    "A round has the results of only some of its " + workers + " workers");
        }
        return root;
    }

    private void insert(int level, int index, Part part) {
        while (level < top) {
            int sibling = index ^ 1;
            if (((long) sibling << level) < workers) {
                Part other = parts.remove(key(level, sibling));
                if (other == null) {
                    parts.put(key(level, index), part);
                    return;
                }
                part = index < sibling ? Part.combine(part, other) : Part.combine(other, part);
            }
            level++;
            index >>= 1;
        }
        parts.put(key(top, 0), part);
    }

    private static long key(int level, int index) {
        return ((long) level << 32) | index;
    }

    /**
     * What one worker, or a group of workers, did in a round: the examples trained on, the sums of
     * the loss terms over them, the tensors they send (parameters and optimizer state, or
     * gradients), the optimizer's step count, and where each worker's random streams stand.
     */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;

        private final int first;
        private final long examples;
        private final double[] lossSums;
        private final long steps;
        private final TreeMap<Integer, StreamState[]> streams;
        private final HostTensors values;
        private final Map<String, double[]> weightedSums;

        private Part(
                int first,
                long examples,
                double[] lossSums,
                long steps,
                TreeMap<Integer, StreamState[]> streams,
                HostTensors values,
                Map<String, double[]> weightedSums) {
            this.first = first;
            this.examples = examples;
            this.lossSums = lossSums;
            this.steps = steps;
            this.streams = streams;
            this.values = values;
            this.weightedSums = weightedSums;
        }

        /**
         * One worker's result.
         *
         * @param lossSums the sums over its examples of the negative bound, reconstruction and KL
         * @param values what it sends, or null when it had no batch this round
         * @param noise where its noise stream stands
         * @param binarize where its binarization stream stands
         */
        static Part leaf(
                int worker,
                long examples,
                double[] lossSums,
                long steps,
                HostTensors values,
                StreamState noise,
                StreamState binarize) {
            TreeMap<Integer, StreamState[]> streams = new TreeMap<>();
            streams.put(worker, new StreamState[] {noise, binarize});
            return new Part(worker, examples, lossSums, steps, streams, values, null);
        }

        /** Returns the sum of two groups, {@code left} holding the lower worker indices. */
        static Part combine(Part left, Part right) {
            TreeMap<Integer, StreamState[]> streams = new TreeMap<>(left.streams);
            streams.putAll(right.streams);
            double[] loss = new double[left.lossSums.length];
            for (int i = 0; i < loss.length; i++) {
                loss[i] = left.lossSums[i] + right.lossSums[i];
            }
            long examples = left.examples + right.examples;
            long steps = Math.max(left.steps, right.steps);
            if (right.examples == 0 || left.examples == 0) {
                Part busy = right.examples == 0 ? left : right;
                return new Part(
                        left.first, examples, loss, steps, streams, busy.values, busy.weightedSums);
            }
            Map<String, double[]> sums = new LinkedHashMap<>();
            for (String name : left.values.names()) {
                double[] a = left.weighted(name);
                double[] b = right.weighted(name);
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                }
                sums.put(name, a);
            }
            return new Part(left.first, examples, loss, steps, streams, left.values.layout(), sums);
        }

        /** Returns a new array of this group's values of {@code name} times its examples. */
        private double[] weighted(String name) {
            if (weightedSums != null) {
                return weightedSums.get(name).clone();
            }
            double[] v = values.doubles(name);
            for (int i = 0; i < v.length; i++) {
                v[i] *= examples;
            }
            return v;
        }

        /** The examples trained on. */
        long examples() {
            return examples;
        }

        /** The sum over the examples of the negative bound, reconstruction and KL terms. */
        double[] lossSums() {
            return lossSums.clone();
        }

        /** The largest optimizer step count among the workers. */
        long steps() {
            return steps;
        }

        /** Where worker {@code w}'s noise and binarization streams stand, in that order. */
        StreamState[] streams(int w) {
            return streams.get(w);
        }

        /**
         * Returns the values averaged over the examples: one worker's own values, exactly, or the
         * weighted sums divided by the examples and rounded once.
         */
        HostTensors mean() {
            return weightedSums == null ? values : values.mean(weightedSums, examples);
        }
    }
}
