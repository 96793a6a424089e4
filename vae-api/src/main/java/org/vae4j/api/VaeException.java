package org.vae4j.api;

/** The root of vae4j's own unchecked exceptions. */
public class VaeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public VaeException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public VaeException(String message, Throwable cause) {
        super(message, cause);
    }
}
