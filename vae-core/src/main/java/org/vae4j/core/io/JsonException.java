package org.vae4j.core.io;

import org.vae4j.api.VaeException;

/**
 * Malformed JSON, or a JSON document without the fields or types a reader expects. The message is
 * one line; for a syntax error it names the offset (in characters) where parsing stopped.
 */
public class JsonException extends VaeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /** Creates an exception about the document as a whole (a missing or mistyped field). */
    public JsonException(String message) {
        super(message);
        this.offset = -1;
    }

    /** Creates an exception for a syntax error at a character offset. */
    public JsonException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /** Returns the character offset of a syntax error, or -1 when the error has no position. */
    public long offset() {
        return offset;
    }
}
