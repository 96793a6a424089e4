package org.vae4j.examples.cli;

/** A command-line value that parses but cannot be used (out of range, conflicting): exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
