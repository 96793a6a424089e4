package org.vae4j.api.memory;

import org.vae4j.api.tensor.Tensor;

/**
 * A region of native memory: every tensor created on this thread while the scope is the innermost
 * open one belongs to it, and {@link #close()} frees them all except those handed out with {@link
 * #keep}.
 *
 * <p>Scopes nest and are confined to the thread that opened them. Closing a scope also closes any
 * scope opened inside it that is still open. Tensors created with no scope open belong to no scope
 * and live until closed (parameters and optimizer state live there). One training step is one
 * scope:
 *
 * <pre>{@code
 * try (Scope step = backend.openScope()) {
 *     Tensor loss = model.loss(batch);        // every intermediate lands in `step`
 *     optimizer.update(gradients);            // parameters are updated in place
 *     return step.keep(lossForLogging);       // survives; everything else is freed
 * }
 * }</pre>
 */
public interface Scope extends AutoCloseable {

    /**
     * Moves a tensor owned by this scope to the enclosing scope (or to no scope, if this is the
     * outermost), so that closing this scope does not free it; returns the tensor.
     *
     * @throws IllegalArgumentException if this scope does not own the tensor
     */
    <T extends Tensor> T keep(T tensor);

    /**
     * Takes a tensor owned by this scope out of every scope: it lives until closed explicitly.
     * Model parameters are made this way, so that they survive whatever scopes are open around
     * their creation; returns the tensor.
     *
     * @throws IllegalArgumentException if this scope does not own the tensor
     */
    <T extends Tensor> T detach(T tensor);

    /**
     * Makes any further allocation into this scope fail with {@link IllegalStateException}; tests
     * use it to prove a region allocates nothing.
     */
    void seal();

    /** Returns the number of tensors this scope owns and has not freed yet. */
    int size();

    /**
     * Returns the bytes of the elements of the tensors this scope owns and has not freed yet:
     * counted from their shapes and dtypes, so the same on every backend for the same work, and
     * confined to this scope's thread.
     */
    long bytes();

    /** Returns whether this scope has been closed. */
    boolean isClosed();

    /** Frees every tensor this scope still owns. Calling it again does nothing. */
    @Override
    void close();
}
