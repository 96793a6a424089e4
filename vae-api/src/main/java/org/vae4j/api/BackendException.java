package org.vae4j.api;

/**
 * A failure inside a backend's native library. Backends wrap a native error once, with the
 * backend's name in the message, and never wrap a {@code BackendException} again.
 */
public class BackendException extends VaeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public BackendException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the native cause. */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
