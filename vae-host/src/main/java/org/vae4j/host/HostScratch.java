package org.vae4j.host;

/**
 * Per-thread Java arrays that host loops move native memory through, so that no call allocates. The
 * loops run over arrays, which the JIT compiles without the per-element index checks of a buffer's
 * {@code get(i)} (twice as fast for the Adam step), and chunks keep the arrays in cache.
 */
public final class HostScratch {
    /** Elements moved per bulk copy between a buffer and a Java array. */
    public static final int CHUNK = 4096;

    private static final ThreadLocal<HostScratch> SCRATCH =
            ThreadLocal.withInitial(HostScratch::new);

    private final float[][] f = new float[4][CHUNK];
    private final double[][] d = new double[4][CHUNK];

    private HostScratch() {}

    /**
     * Returns this thread's four float arrays of {@link #CHUNK} elements, for one pass at a time.
     */
    public static float[][] floats() {
        return SCRATCH.get().f;
    }

    /** Returns this thread's four double arrays of {@link #CHUNK} elements. */
    public static double[][] doubles() {
        return SCRATCH.get().d;
    }
}
