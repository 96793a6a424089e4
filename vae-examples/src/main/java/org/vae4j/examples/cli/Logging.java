package org.vae4j.examples.cli;

/**
 * The command line's logging: vae4j and the libraries under it log through SLF4J, which the {@code
 * vae} program binds to slf4j-simple, writing to stderr so that stdout keeps only results. By
 * default only warnings show; {@code --verbose} adds vae4j's own information (the backend and
 * threads it chose, the checkpoints and files it wrote). A {@code -Dorg.slf4j.simpleLogger.*}
 * setting on the java command line wins over both.
 */
final class Logging {
    /** Accepted anywhere on the command line: also log what vae4j chooses and writes. */
    static final String VERBOSE = "--verbose";

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {}

    /** Sets slf4j-simple's levels and layout; only effective before the first logger exists. */
    static void configure(boolean verbose) {
        setDefault("defaultLogLevel", "warn");
        if (verbose) {
            setDefault("log.org.vae4j", "info");
        } else {
            // DJL warns at every start where a CUDA runtime is installed without a usable driver;
            // the devices the djl backend found are what 'vae backends' lists.
            setDefault("log.ai.djl.util.cuda.CudaUtils", "error");
        }
        setDefault("showThreadName", "false");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
