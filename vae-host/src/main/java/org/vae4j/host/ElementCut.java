package org.vae4j.host;

import org.vae4j.api.support.ParallelFor;

/**
 * How a pass over a result's elements is spread over cores, on any core count: cut into pieces of
 * at least {@code grain} elements of simple work (an add, a multiply) on {@code parallel}'s
 * workers, fewer elements where each costs more ({@link #forWork}).
 *
 * @param parallel the workers
 * @param grain the fewest elements of a piece
 */
public record ElementCut(ParallelFor parallel, long grain) {
    /** About 20-60 microseconds of simple elementwise work: more than a hand-over costs. */
    public static final long GRAIN = 1 << 16;

    /** Returns the cut of {@link ParallelFor#shared()} with pieces of {@link #GRAIN}. */
    public static ElementCut shared() {
        return new ElementCut(ParallelFor.shared(), GRAIN);
    }

    /**
     * Returns this cut for work of {@code perElement} times a simple op's per element (a
     * transcendental function, a fused expression): pieces of proportionally fewer elements, so
     * that each still takes about as long as {@link #GRAIN} simple ones.
     */
    public ElementCut forWork(int perElement) {
        return perElement <= 1 ? this : new ElementCut(parallel, Math.max(1, grain / perElement));
    }

    /** Runs {@code body} over {@code n} elements, cut into pieces. */
    public void run(long n, ParallelFor.Range body) {
        parallel.run(n, grain, body);
    }

    /** Runs {@code body} over {@code n} rows of {@code perRow} elements, cut into whole rows. */
    public void rows(long n, long perRow, ParallelFor.Range body) {
        long per = Math.max(1, perRow);
        parallel.run(n, grain / per + (grain % per == 0 ? 0 : 1), body);
    }
}
