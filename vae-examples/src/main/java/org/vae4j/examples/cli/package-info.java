/**
 * The {@code vae} command line: picocli subcommands whose collaborators Guice provides, one-line
 * errors with exit codes (1: the work failed, 2: the command line is wrong), and progress on the
 * terminal.
 */
package org.vae4j.examples.cli;
