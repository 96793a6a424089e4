package org.vae4j.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one-line message of a failed {@link AtomicFiles} write: the file the caller named, the reason
 * found deepest in the causes (a full disk rather than an encoder's "I/O error writing PNG file!"),
 * what is kept, and the fix.
 */
final class WriteFailure {
    private WriteFailure() {}

    /** Returns an exception, caused by {@code e}, that describes the failed write of target. */
    static IOException of(Path target, boolean existed, IOException e) {
        Path dir =
                target.getParent() != null
                        ? target.getParent()
                        : target.toAbsolutePath().getParent();
        String reason;
        String fix;
        Throwable root = deepest(e);
        if (root instanceof NoSuchFileException) {
            reason = "the folder " + dir + " does not exist";
            fix = "Create it, or choose another path";
        } else if (root instanceof AccessDeniedException) {
            reason = "permission denied in " + dir;
            fix = "Check the folder's permissions, or choose another path";
        } else {
            reason = reason(root);
            fix =
                    reason.toLowerCase(Locale.ROOT).contains("no space")
                            ? "Free space on that disk, or write elsewhere"
                            : "Check the disk and the folder, then try again";
        }
        String kept =
                existed
                        ? "The file keeps its previous content"
                        : "Nothing was written in its place";
        return new IOException(
                "cannot write " + target + ": " + reason + ". " + kept + ". " + fix, e);
    }

    /** The last cause that says something, since encoders wrap the system's error in their own. */
    private static Throwable deepest(Throwable e) {
        Throwable found = e;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                found = t;
            }
        }
        return found;
    }

    private static String reason(Throwable t) {
        if (t instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = t.getMessage();
        return m == null || m.isBlank()
                ? t.getClass().getSimpleName()
                : m.lines().findFirst().get();
    }
}
