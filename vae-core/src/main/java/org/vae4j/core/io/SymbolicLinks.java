package org.vae4j.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the files vae4j looks up by name inside a directory (the MNIST files in a data folder, the
 * files of a run directory) from being read outside that directory through a symbolic link: a
 * directory copied from elsewhere cannot make vae4j read, and then quote in an error message, a
 * file the user never named.
 *
 * <p>Links that end inside the directory are followed, so a folder of links to versioned copies
 * still works; the directory itself may be a link, since the user named it. Writes need no check:
 * {@link AtomicFiles} replaces a link with a regular file and never writes through it.
 */
public final class SymbolicLinks {
    private SymbolicLinks() {}

    /**
     * Returns where {@code file} leads when symbolic links take it outside {@code dir}, or empty
     * when it ends inside {@code dir} or does not exist.
     *
     * @throws IOException if the real path of {@code dir} or {@code file} cannot be found
     */
    public static Optional<Path> targetOutside(Path dir, Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Path target = file.toRealPath();
        return target.startsWith(dir.toRealPath()) ? Optional.empty() : Optional.of(target);
    }
}
