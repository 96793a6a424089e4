package org.vae4j.core.io;

import org.vae4j.api.VaeException;

/**
 * A checkpoint file that cannot be read or written: missing, truncated, corrupt, over a size limit,
 * or in an unsupported form. The message is one line, {@code "<path>: <problem>. <fix>"}.
 */
public class CheckpointException extends VaeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public CheckpointException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
