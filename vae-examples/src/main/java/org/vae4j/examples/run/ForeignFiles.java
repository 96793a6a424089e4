package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The entries of an output directory that vae4j did not write, beside which a command writes only
 * when {@code --force} asks it to: everything but a run's files (where the directory holds a run)
 * and what a run being written keeps there (its lock, staging folder and temporary files).
 */
public final class ForeignFiles {
    /** The temporary files of {@link org.vae4j.core.io.AtomicFiles} writing a run's files. */
    static final Pattern TEMPORARY =
            Pattern.compile(
                    RunDirectory.ARTIFACTS.stream()
                            .map(Pattern::quote)
                            .collect(Collectors.joining("|", "\\.(", ")\\.[0-9a-f]+\\.tmp")));

    private ForeignFiles() {}

    /** Returns the names of the entries of {@code dir} that vae4j did not write, sorted. */
    public static List<String> in(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        boolean run = new RunDirectory(dir).holdsRun();
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> !bookkeeping(n) && !(run && RunDirectory.ARTIFACTS.contains(n)))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Refuses a directory that holds files vae4j did not write.
     *
     * @param forced what {@code --force} does to them, for the message
     * @throws IllegalStateException naming up to three of them
     */
    public static void refuse(Path dir, String forced) throws IOException {
        List<String> names = in(dir);
        if (!names.isEmpty()) {
            throw new IllegalStateException(
                    dir
                            + " holds files that vae4j did not write ("
                            + String.join(", ", names.subList(0, Math.min(3, names.size())))
                            + (names.size() > 3 ? ", ..." : "")
                            + "). Choose a new or empty --out, or add --force to "
                            + forced);
        }
    }

    /** Whether an entry is the lock, or what a killed vae4j process left while writing a run. */
    static boolean bookkeeping(String name) {
        return name.equals(RunLock.FILE_NAME)
                || name.equals(OwnedRun.STAGING)
                || TEMPORARY.matcher(name).matches();
    }
}
