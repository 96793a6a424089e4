package org.vae4j.api.random;

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
}
