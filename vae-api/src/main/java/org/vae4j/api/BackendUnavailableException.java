package org.vae4j.api;

/**
 * No backend could be selected or opened. The message's first line says what is wrong and how to
 * fix it; the following lines list every provider found with its state.
 */
public class BackendUnavailableException extends VaeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with the full multi-line message. */
    public BackendUnavailableException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns the first line of the message: the problem and the fix. */
    public String summary() {
        String m = getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
