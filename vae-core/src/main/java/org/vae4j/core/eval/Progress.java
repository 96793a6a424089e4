package org.vae4j.core.eval;

/** Receives progress of long evaluations, for a progress bar. */
@FunctionalInterface
public interface Progress {

    /** Ignores progress. */
    Progress NONE = (done, total) -> {};

    /** Called after each chunk of work with how many of {@code total} examples are done. */
    void update(int done, int total);
}
