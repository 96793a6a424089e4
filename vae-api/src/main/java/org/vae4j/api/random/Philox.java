package org.vae4j.api.random;

import java.util.Arrays;

/**
 * The Philox4x32-10 counter-based generator (Salmon, Moraes, Dror &amp; Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011): a keyed bijection of a 128-bit counter. The same key and
 * counter give the same four words on every machine, which is what makes vae4j's random streams
 * identical on every backend.
 */
final class Philox {
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    private Philox() {}

    /**
     * Computes one block.
     *
     * @param counter the four 32-bit counter words (c0..c3)
     * @param k0 the low key word
     * @param k1 the high key word
     * @param out receives the four output words
     */
    static void block(int[] counter, int k0, int k1, int[] out) {
        int c0 = counter[0];
        int c1 = counter[1];
        int c2 = counter[2];
        int c3 = counter[3];
        int key0 = k0;
        int key1 = k1;
        for (int round = 0; round < ROUNDS; round++) {
            long p0 = M0 * (c0 & 0xFFFFFFFFL);
            long p1 = M1 * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ key0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ key1;
            c3 = lo0;
            key0 += W0;
            key1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /**
     * Blocks of consecutive counters computed together: each round is a few loops over the lanes,
     * one array written per loop, in 64-bit lanes (each word unsigned in the low half) so the JIT
     * turns them into vector instructions. The words are those of {@link #block} for each counter.
     * Scratch for one thread.
     */
    static final class Lanes {
        /** The most blocks one call computes. */
        static final int SIZE = 256;

        private static final long LOW = 0xFFFFFFFFL;

        /** Output word 0 of each block (then 1, 2 and 3) as unsigned values, for the last count. */
        final long[] w0;

        final long[] w1;
        final long[] w2;
        final long[] w3;
        private final long[] p0;
        private final long[] p1;

        /** Scratch for up to {@code capacity} blocks a call (at most {@link #SIZE}). */
        Lanes(int capacity) {
            int n = Math.min(capacity, SIZE);
            w0 = new long[n];
            w1 = new long[n];
            w2 = new long[n];
            w3 = new long[n];
            p0 = new long[n];
            p1 = new long[n];
        }

        /**
         * Computes the blocks of counters {@code first .. first + count - 1} (the counter's low two
         * words; {@code s0, s1} its high two) under key {@code (k0, k1)}.
         */
        void compute(long first, int count, int s0, int s1, int k0, int k1) {
            if (count < 0 || count > w0.length) {
                throw new IllegalArgumentException(
                        "count must be in [0, " + w0.length + "]: " + count);
            }
            for (int i = 0; i < count; i++) {
                w0[i] = (first + i) & LOW;
            }
            for (int i = 0; i < count; i++) {
                w1[i] = (first + i) >>> 32;
            }
            Arrays.fill(w2, 0, count, s0 & LOW);
            Arrays.fill(w3, 0, count, s1 & LOW);
            long key0 = k0 & LOW;
            long key1 = k1 & LOW;
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < count; i++) {
                    p0[i] = M0 * w0[i];
                }
                for (int i = 0; i < count; i++) {
                    p1[i] = M1 * w2[i];
                }
                for (int i = 0; i < count; i++) {
                    w0[i] = (p1[i] >>> 32) ^ w1[i] ^ key0;
                }
                for (int i = 0; i < count; i++) {
                    w2[i] = (p0[i] >>> 32) ^ w3[i] ^ key1;
                }
                for (int i = 0; i < count; i++) {
                    w1[i] = p1[i] & LOW;
                }
                for (int i = 0; i < count; i++) {
                    w3[i] = p0[i] & LOW;
                }
                key0 = (key0 + W0) & LOW;
                key1 = (key1 + W1) & LOW;
            }
        }
    }
}
