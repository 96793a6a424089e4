package org.vae4j.spark.cli;

/** A command line that cannot work as given; the program exits with 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
