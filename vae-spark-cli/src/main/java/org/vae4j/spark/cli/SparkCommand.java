package org.vae4j.spark.cli;

import picocli.CommandLine.Command;

/** The top-level {@code vae spark} command, which only dispatches to its subcommands. */
@Command(
        name = "vae spark",
        mixinStandardHelpOptions = true,
        description = "Score and train vae4j models on Apache Spark.",
        footer = {"", "Anywhere on the line: --debug adds the stack trace to an error."},
        subcommands = {ScoreCommand.class, TrainCommand.class})
public final class SparkCommand {}
