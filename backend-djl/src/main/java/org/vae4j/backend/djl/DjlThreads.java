package org.vae4j.backend.djl;

/**
 * PyTorch's intra-op thread count for each op: a product or convolution of at least {@code
 * productWorkAbove} multiply-adds runs on {@code productThreads} threads, every other op on {@code
 * opThreads}. On two cores one thread for the small ops avoids OpenMP's start-up and spinning
 * around work of microseconds, while the large products and convolutions, milliseconds each, gain
 * from every core: that is what PyTorch's own kernels do when a user leaves them their threads.
 * (Products run in PyTorch only with {@code -Dvae4j.djl.products=pytorch}; see {@link DjlBlas}.)
 *
 * @param opThreads threads for elementwise, structural and small ops (at least 1)
 * @param productThreads threads for large products and convolutions (at least 1)
 * @param productWorkAbove the multiply-adds from which an op counts as large (0: every product)
 */
record DjlThreads(int opThreads, int productThreads, long productWorkAbove) {
    /** The system property that sets {@link #productThreads} (default: the cores). */
    static final String PRODUCT_THREADS_PROPERTY = "vae4j.djl.product.threads";

    /** The system property that sets {@link #productWorkAbove}. */
    static final String PRODUCT_WORK_PROPERTY = "vae4j.djl.product.work";

    /**
     * Multiply-adds from which a product or convolution runs on every core by default: 2^26 (67
     * million). On two cores the conv model's large convolutions (about 205 million) and
     * burda-iwae5's widest products (78 million) gained, the canonical model's products (40
     * million, 0.4 ms each) lost (docs/PERFORMANCE.md).
     */
    static final long DEFAULT_PRODUCT_WORK = 1L << 26;

    /** Validates the counts. */
    DjlThreads {
        if (opThreads < 1 || productThreads < 1 || productWorkAbove < 0) {
            throw new IllegalArgumentException(
                    "djl threads must be at least 1 and the work threshold at least 0, got "
                            + opThreads
                            + ", "
                            + productThreads
                            + ", "
                            + productWorkAbove);
        }
    }

    /**
     * The policy for a runtime whose ops run on {@code opThreads}: products on {@value
     * #PRODUCT_THREADS_PROPERTY} threads, else {@code opThreads} when the user chose a count, else
     * every core; large from {@value #PRODUCT_WORK_PROPERTY} multiply-adds, else {@link
     * #DEFAULT_PRODUCT_WORK}.
     */
    static DjlThreads of(int opThreads, boolean userChoseThreads) {
        int cores = Runtime.getRuntime().availableProcessors();
        int products =
                Integer.getInteger(
                        PRODUCT_THREADS_PROPERTY,
                        userChoseThreads ? opThreads : Math.max(1, cores));
        long work = Long.getLong(PRODUCT_WORK_PROPERTY, DEFAULT_PRODUCT_WORK);
        return new DjlThreads(opThreads, products, work);
    }

    /**
     * Returns the threads for an op of {@code work} multiply-adds (0 for ops that are not
     * products).
     */
    int forWork(long work) {
        return work > 0 && work >= productWorkAbove ? productThreads : opThreads;
    }
}
