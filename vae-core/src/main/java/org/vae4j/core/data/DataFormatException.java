package org.vae4j.core.data;

import java.nio.file.Path;
import java.util.Objects;
import org.vae4j.api.VaeException;

/**
 * A data file (or folder) that is missing, unreadable or malformed. The message is always one line,
 * {@code "<path>: <problem>. <fix>"}, so that it reads well in a log or at the command line.
 */
public final class DataFormatException extends VaeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String problem;
    private final String fix;

    /**
     * Creates the exception.
     *
     * @param path the file or folder at fault
     * @param problem what is wrong, without a final period
     * @param fix what the user can do about it
     */
    public DataFormatException(Path path, String problem, String fix) {
        this(path, problem, fix, null);
    }

    /** Creates the exception with the low-level failure that revealed the problem. */
    public DataFormatException(Path path, String problem, String fix, Throwable cause) {
        super(format(path, problem, fix), cause);
        this.path = Objects.requireNonNull(path, "path");
        this.problem = oneLine(problem);
        this.fix = oneLine(fix);
    }

    private static String format(Path path, String problem, String fix) {
        String p = oneLine(problem);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        return path + ": " + p + ". " + oneLine(fix);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Returns the file or folder at fault. */
    public Path path() {
        return path;
    }

    /** Returns what is wrong. */
    public String problem() {
        return problem;
    }

    /** Returns what the user can do about it. */
    public String fix() {
        return fix;
    }
}
