package org.vae4j.examples.cli;

import org.vae4j.core.Version;
import picocli.CommandLine.Command;

/** The top-level {@code vae} command, which only dispatches to its subcommands. */
@Command(
        name = "vae",
        mixinStandardHelpOptions = true,
        versionProvider = VaeCommand.VersionProvider.class,
        description = "Variational auto-encoders on the JVM: train, evaluate, sample, export.",
        footer = {
            "",
            "Anywhere on the line: --debug adds the stack trace to an error; --verbose logs to"
                    + " stderr what vae4j chooses and writes (backend, threads, checkpoints)."
        },
        subcommands = {
            BackendsCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            SampleCommand.class,
            ReconstructCommand.class,
            ManifoldCommand.class,
            ExportCommand.class,
            BenchCommand.class
        })
public final class VaeCommand {

    /** Prints the vae4j version. */
    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vae4j " + Version.get()};
        }
    }
}
