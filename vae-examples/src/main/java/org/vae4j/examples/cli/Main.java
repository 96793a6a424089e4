package org.vae4j.examples.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code vae} program. Errors print one line, {@code vae <command>: <what is wrong>. <how to
 * fix it>}, and exit with 1 when the work failed or 2 when the command line is wrong; {@code
 * --debug} (anywhere on the line) or {@code VAE_DEBUG=1} adds the stack trace. Logs go to stderr
 * ({@link Logging}): warnings only, unless {@code --verbose} or {@code VAE_VERBOSE=1}.
 */
public final class Main {
    /** Accepted anywhere on the command line: print stack traces with errors. */
    private static final String DEBUG = "--debug";

    private Main() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        Logging.configure(
                List.of(args).contains(Logging.VERBOSE)
                        || "1".equals(System.getenv("VAE_VERBOSE")));
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Path home = Path.of(System.getProperty("vae.home", "."));
        System.exit(run(args, new Console(out, err, System.console() != null), home));
    }

    /** Runs the command line against a console and a home directory; returns the exit code. */
    public static int run(String[] args, Console console, Path home) {
        Injector injector = Guice.createInjector(new CliModule(console, home));
        CommandLine cli = new CommandLine(VaeCommand.class, new GuiceFactory(injector));
        cli.registerConverter(Path.class, new PathConverter());
        cli.setOut(console.out());
        cli.setErr(console.err());
        List<String> rest = new ArrayList<>(List.of(args));
        boolean debug = rest.remove(DEBUG) | "1".equals(System.getenv("VAE_DEBUG"));
        rest.remove(Logging.VERBOSE); // read by main, before the first logger
        cli.setExecutionExceptionHandler(
                (e, command, parsed) -> {
                    console.err().println(Failures.describe(command, e));
                    if (debug) {
                        e.printStackTrace(console.err());
                    }
                    console.err().flush();
                    return Failures.exitCode(e);
                });
        cli.setParameterExceptionHandler(
                (e, args2) -> {
                    String name = e.getCommandLine().getCommandName();
                    String help = "vae".equals(name) ? "vae --help" : "vae " + name + " --help";
                    console.err().println(name + ": " + e.getMessage() + ". See '" + help + "'.");
                    console.err().flush();
                    return 2;
                });
        try {
            return cli.execute(rest.toArray(String[]::new));
        } catch (Error e) { // errors escape picocli's handler; they still get one line
            console.err().println(Failures.describe(invoked(cli), e));
            if (debug) {
                e.printStackTrace(console.err());
            }
            return 1;
        } finally {
            injector.getInstance(OpenedBackends.class).close();
            console.out().flush();
            console.err().flush();
        }
    }

    /** The (sub)command that the line named, or {@code vae} itself if parsing did not get far. */
    private static CommandLine invoked(CommandLine cli) {
        CommandLine.ParseResult parsed = cli.getParseResult();
        if (parsed == null) {
            return cli;
        }
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().commandLine();
    }

    /** Creates commands through Guice, and picocli's own helpers as picocli would. */
    private record GuiceFactory(Injector injector) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type.getPackageName().startsWith("org.vae4j")) {
                return injector.getInstance(type);
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
