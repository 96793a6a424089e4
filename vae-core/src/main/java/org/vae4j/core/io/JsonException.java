package org.vae4j.core.io;

import org.vae4j.api.VaeException;

/**
 * Malformed JSON, or a JSON document without the fields or types a reader expects. The message is
 * one line; for a syntax error it names the line, column and character offset where reading
 * stopped.
 */
public class JsonException extends VaeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a one-line message. */
    public JsonException(String message) {
        super(message);
    }
}
