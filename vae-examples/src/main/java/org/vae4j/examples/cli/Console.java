package org.vae4j.examples.cli;

import java.io.PrintWriter;

/**
 * Where commands write: results to {@code out}, progress and errors to {@code err}. Progress
 * redraws one line when {@code err} is a terminal and prints plain lines otherwise.
 *
 * @param out results, which scripts read
 * @param err progress and errors
 * @param interactive whether a person is watching a terminal
 */
public record Console(PrintWriter out, PrintWriter err, boolean interactive) {}
