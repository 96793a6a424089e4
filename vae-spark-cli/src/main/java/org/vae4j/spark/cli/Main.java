package org.vae4j.spark.cli;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * The {@code vae spark} program. Errors print one line, {@code vae spark <command>: <what is
 * wrong>. <how to fix it>}, and exit with 1 when the work failed or 2 when the command line is
 * wrong; a failed Spark job is named by its root cause. {@code --debug} adds the stack trace.
 */
public final class Main {
    private static final String DEBUG = "--debug";

    private Main() {}

    /** Runs the command line, stops Spark, and exits with the command's code. */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } finally {
            SparkSession.getActiveSession().foreach(s -> stop(s));
        }
        System.exit(code);
    }

    private static Object stop(SparkSession spark) {
        spark.stop();
        return null;
    }

    /** Runs the command line, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains(DEBUG);
        String[] rest =
                java.util.Arrays.stream(args).filter(a -> !a.equals(DEBUG)).toArray(String[]::new);
        CommandLine cli = new CommandLine(new SparkCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(
                (e, command, parsed) -> {
                    err.println(
                            "vae spark " + command.getCommandName() + ": " + Failures.message(e));
                    if (debug) {
                        e.printStackTrace(err);
                    }
                    err.flush();
                    return Failures.exitCode(e);
                });
        cli.setParameterExceptionHandler(
                (e, given) -> {
                    String name = e.getCommandLine().getCommandName();
                    err.println(
                            "vae spark "
                                    + name
                                    + ": "
                                    + e.getMessage()
                                    + ". See 'vae spark "
                                    + name
                                    + " --help'.");
                    err.flush();
                    return 2;
                });
        try {
            return cli.execute(rest);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
