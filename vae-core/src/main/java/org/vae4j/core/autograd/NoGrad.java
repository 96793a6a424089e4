package org.vae4j.core.autograd;

/**
 * Turns off recording on the calling thread while open: ops on {@link Variable}s compute values but
 * build no graph. Use it for evaluation, sampling and parameter updates.
 *
 * <pre>{@code
 * try (NoGrad off = NoGrad.enter()) {
 *     Variable logits = decoder.forward(z);   // nothing recorded
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private boolean closed;

    private NoGrad() {}

    /** Stops recording until the returned handle is closed; handles nest. */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** Returns whether ops on this thread are being recorded. */
    public static boolean recording() {
        return DEPTH.get()[0] == 0;
    }

    /** Resumes recording (unless an outer handle is still open). Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
