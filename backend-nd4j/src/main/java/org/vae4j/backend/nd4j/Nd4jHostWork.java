package org.vae4j.backend.nd4j;

import java.util.List;
import org.vae4j.api.support.ParallelFor;
import org.vae4j.api.support.ProductCut;
import org.vae4j.host.ElementCut;

/**
 * How the CPU build spreads work over cores, on any core count: vae4j's own loops over native
 * memory are cut into pieces of at least {@code elementGrain} elements on a {@link ParallelFor}
 * ({@link ElementCut}); BLAS products are cut the same way ({@link ProductCut}: along their longer
 * side, in pieces of at least {@code productGrain} multiply-adds, independent products side by
 * side) only when the engine itself runs on one thread, since cutting work the engine already
 * threads would oversubscribe the cores.
 *
 * @param parallel the workers
 * @param elementGrain the fewest elements of a piece of elementwise work
 * @param productGrain the fewest multiply-adds of a piece of a matrix product
 * @param cutsProducts whether BLAS products are cut into pieces too (BLAS on one thread)
 */
record Nd4jHostWork(
        ParallelFor parallel, long elementGrain, long productGrain, boolean cutsProducts) {
    /** About 25 microseconds of single-threaded {@code sgemm}. */
    static final long PRODUCT_GRAIN = 1L << 21;

    /**
     * Returns the defaults: {@link ParallelFor#shared()}, the grains above, and products cut only
     * when BLAS runs on one thread.
     */
    static Nd4jHostWork defaults(int blasThreads) {
        return new Nd4jHostWork(
                ParallelFor.shared(), ElementCut.GRAIN, PRODUCT_GRAIN, blasThreads == 1);
    }

    /** Returns the cut of vae4j's own elementwise loops. */
    ElementCut elementCut() {
        return new ElementCut(parallel, elementGrain);
    }

    /**
     * Runs {@code body} over {@code n} rows of vae4j's own loop, each of {@code perRow} elements.
     */
    void rows(long n, long perRow, ParallelFor.Range body) {
        elementCut().rows(n, perRow, body);
    }

    /**
     * Returns the cut of products of these sizes: over the workers in pieces of at least {@code
     * productGrain} multiply-adds, or whole on the caller when BLAS runs its own threads.
     */
    ProductCut products(List<ProductCut.Size> sizes) {
        return ProductCut.of(
                sizes, parallel.workers(), cutsProducts ? productGrain : Long.MAX_VALUE);
    }

    /** Returns the facts {@code Backend.info()} reports. */
    String describe() {
        return parallel.workers()
                + " workers, "
                + elementGrain
                + " elements a piece, products "
                + (cutsProducts ? "cut into pieces" : "left to BLAS's threads");
    }
}
