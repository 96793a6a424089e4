package org.vae4j.examples.cli;

import com.google.inject.ProvisionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.vae4j.api.VaeException;
import picocli.CommandLine;

/** Turns exceptions into the one-line messages and exit codes the command line promises. */
final class Failures {
    private Failures() {}

    /** Returns {@code vae <command>: <message>}, naming unexpected errors as internal. */
    static String describe(String command, Throwable e) {
        return "vae " + command + ": " + message(e);
    }

    /** Returns 2 for a wrong command line, 1 for everything else. */
    static int exitCode(Throwable e) {
        if (e instanceof ProvisionException p && p.getCause() != null) {
            return exitCode(p.getCause());
        }
        return e instanceof CommandLine.ParameterException || e instanceof UsageException ? 2 : 1;
    }

    private static String message(Throwable e) {
        if (e instanceof ProvisionException p && p.getCause() != null) {
            return message(p.getCause());
        }
        if (e instanceof UncheckedIOException u) {
            return message(u.getCause());
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + " does not exist. Check the path.";
        }
        if (e instanceof AccessDeniedException a) {
            return "cannot access " + a.getFile() + ". Check its permissions.";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " already exists. Choose another path or remove it.";
        }
        if (e instanceof VaeException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof UsageException
                || e instanceof IOException) {
            return oneLine(e.getMessage());
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory. Give the JVM more with JAVA_OPTS=-Xmx8g or use a smaller"
                    + " --batch-size.";
        }
        return "internal error: "
                + oneLine(String.valueOf(e))
                + ". Run again with --debug and report the stack trace.";
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "failed without a message. Run again with --debug for details.";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
