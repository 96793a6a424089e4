package org.vae4j.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks an {@code --out} path before a command does any work, so that what it writes never takes
 * the place of one of its inputs or of a file vae4j did not write.
 */
final class OutputPaths {
    private static final byte[] PNG_SIGNATURE = {
        (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
    };

    private OutputPaths() {}

    /**
     * Refuses an empty {@code --out}, which the file system would take for the current directory.
     *
     * @throws UsageException if {@code out} is given and empty
     */
    static void notEmpty(Path out) {
        if (out != null && out.toString().isBlank()) {
            throw new UsageException(
                    "--out is empty, which would mean the current directory. Give the path to"
                            + " write");
        }
    }

    /**
     * The file an output option writes: the option, what the file holds (for messages), what is
     * said of a model's own file it names, what is said of a file it did not write, and how a file
     * it wrote is recognised.
     */
    record Kind(String option, String file, String ownNote, String foreign, Recognizer wrote) {}

    /** Whether a file is one that the option wrote, so that it may be replaced. */
    @FunctionalInterface
    interface Recognizer {
        /** Returns whether {@code file} is of the option's kind. */
        boolean test(Path file) throws IOException;
    }

    private static final Kind PICTURE =
            new Kind(
                    "--out",
                    "PNG file",
                    ", which a picture must not replace",
                    "is not a PNG, so vae4j did not write it",
                    OutputPaths::isPng);

    /**
     * Refuses a picture's path that is empty, one of {@code inputs} (the model's own files), a
     * directory, or an existing file that is not a PNG. A symbolic link is replaced, never written
     * through, so it is not looked into.
     *
     * @throws UsageException naming the path and what it is
     */
    static void picture(Path out, List<Path> inputs) throws IOException {
        notEmpty(out);
        replaceable(out, inputs, PICTURE);
    }

    /**
     * Refuses a path of {@code kind} that is one of {@code inputs} (the model's own files), a
     * directory, or an existing file that {@code kind} did not write.
     *
     * @throws UsageException naming the option, the path and what it is
     */
    static void replaceable(Path out, List<Path> inputs, Kind kind) throws IOException {
        String named = kind.option() + " " + out;
        for (Path input : inputs) {
            if (Files.exists(out) && Files.exists(input) && Files.isSameFile(out, input)) {
                throw new UsageException(
                        named
                                + " is the model's own "
                                + input.getFileName()
                                + kind.ownNote()
                                + ". Choose another "
                                + kind.option());
            }
        }
        if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException(
                    named + " is a directory. Give the name of the " + kind.file() + " to write");
        }
        if (Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS) && !kind.wrote().test(out)) {
            throw new UsageException(
                    named
                            + " exists and "
                            + kind.foreign()
                            + ". Choose another "
                            + kind.option()
                            + ", or remove the file first");
        }
    }

    private static boolean isPng(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(PNG_SIGNATURE.length), PNG_SIGNATURE);
        }
    }
}
