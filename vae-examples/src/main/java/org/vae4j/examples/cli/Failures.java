package org.vae4j.examples.cli;

import com.google.inject.ProvisionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.vae4j.api.VaeException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Turns exceptions into the one-line messages and exit codes the command line promises. */
final class Failures {
    /**
     * Options whose smaller values make a command need less memory (the size of a training batch,
     * of a picture), in the order they are suggested. {@code eval}'s {@code --limit} is not one:
     * the data are loaded whole first.
     */
    private static final List<String> SMALLER = List.of("--batch-size", "--count", "--grid");

    private Failures() {}

    /**
     * Returns {@code vae <command>: <message>} ({@code vae: <message>} for the bare {@code vae}),
     * naming unexpected errors as internal and suggesting only options that {@code command} has.
     */
    static String describe(CommandLine command, Throwable e) {
        String name = command.getCommandName();
        String prefix = command.getParent() == null ? "vae: " : "vae " + name + ": ";
        if (root(e) instanceof OutOfMemoryError) {
            return prefix + outOfMemory(command.getCommandSpec());
        }
        return prefix + message(e);
    }

    private static String outOfMemory(CommandSpec spec) {
        List<String> smaller = SMALLER.stream().filter(o -> spec.findOption(o) != null).toList();
        return "out of memory. Give the JVM more with JAVA_OPTS=-Xmx8g"
                + (smaller.isEmpty() ? "" : ", or use a smaller " + String.join(" or ", smaller))
                + ".";
    }

    private static Throwable root(Throwable e) {
        return e instanceof ProvisionException p && p.getCause() != null ? root(p.getCause()) : e;
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
