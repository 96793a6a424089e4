package org.vae4j.spark.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.vae4j.api.VaeException;

/** Turns exceptions, a failed Spark job's included, into the one line the command prints. */
final class Failures {
    private Failures() {}

    /** Returns 2 for a wrong command line, 1 for everything else. */
    static int exitCode(Throwable e) {
        return e instanceof UsageException ? 2 : 1;
    }

    /**
     * Returns the message of the first exception in the cause chain that vae4j, Spark's SQL
     * analyser or the JDK wrote for a person (a failed Spark job wraps its task's exception, which
     * is what the row or the model said), first line only.
     */
    static String message(Throwable e) {
        Throwable said = null;
        for (Throwable t = e;
                t != null && said == null;
                t = t.getCause() == t ? null : t.getCause()) {
            if (forPeople(t)) {
                said = t;
            }
        }
        if (said == null) {
            return "internal error: "
                    + firstLine(String.valueOf(e))
                    + ". Run again with --debug and report the stack trace.";
        }
        return firstLine(said.getMessage());
    }

    private static boolean forPeople(Throwable t) {
        if (t.getMessage() == null) {
            return false;
        }
        return t instanceof VaeException
                || t instanceof UncheckedIOException
                || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException
                || t instanceof UsageException
                || t instanceof FileNotFoundException
                || t instanceof IOException
                || t.getClass().getName().equals("org.apache.spark.sql.AnalysisException");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
