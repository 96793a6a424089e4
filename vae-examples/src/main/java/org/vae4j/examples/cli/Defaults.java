package org.vae4j.examples.cli;

import java.nio.file.Path;

/**
 * Paths the commands fall back to when none is given.
 *
 * @param data the MNIST copy the repository carries
 * @param runs where new run directories go
 */
public record Defaults(Path data, Path runs) {}
