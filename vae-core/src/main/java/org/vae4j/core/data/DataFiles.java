package org.vae4j.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.vae4j.core.io.SymbolicLinks;

/**
 * What every data folder's loader does with its files: finds them by name, refuses one that a
 * symbolic link takes outside the folder, and checks them against the folder's {@code SHA256SUMS}.
 */
final class DataFiles {
    private DataFiles() {}

    /** Returns the entries of {@code dir}, sorted by name. */
    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new DataFormatException(
                    dir, "cannot be listed (" + e + ")", "Check that the folder is readable", e);
        }
    }

    /**
     * Checks that the training and the test images both have labels or neither does, then checks
     * every file against {@code SHA256SUMS} when there is one.
     *
     * @param labelNames the label files' names, training first, for the message
     * @throws DataFormatException naming the label file that has no partner
     */
    static void checkSplits(
            Path dir,
            Path trainImages,
            Path testImages,
            Optional<Path> trainLabels,
            Optional<Path> testLabels,
            String... labelNames) {
        if (trainLabels.isPresent() != testLabels.isPresent()) {
            int has = trainLabels.isPresent() ? 0 : 1;
            throw new DataFormatException(
                    dir,
                    labelNames[has] + " is there but " + labelNames[1 - has] + " is not",
                    "Give labels for both the training and the test images, or for neither");
        }
        List<Path> files = new ArrayList<>(List.of(trainImages, testImages));
        trainLabels.ifPresent(files::add);
        testLabels.ifPresent(files::add);
        verifyChecksums(dir, files);
    }

    /**
     * Returns the first of {@code names} that is a file in {@code dir}, checked with {@link
     * #requireInside}; with {@code gzip}, each name may also end in {@code .gz} ({@link
     * GzipTwins}).
     *
     * @throws DataFormatException if something other than a regular file has one of the names, or a
     *     name's plain and gzipped files differ or cannot be checked
     */
    static Optional<Path> find(Path dir, boolean gzip, String... names) {
        for (String name : names) {
            Optional<Path> file =
                    gzip ? GzipTwins.choose(dir, name, checksums(dir)) : regularFile(dir, name);
            if (file.isPresent()) {
                return file;
            }
        }
        return Optional.empty();
    }

    /**
     * Returns {@code dir/name} if it exists, checked with {@link #requireInside}; empty if it does
     * not.
     *
     * @throws DataFormatException if it exists but is a folder, a FIFO or anything but a file
     */
    static Optional<Path> regularFile(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(p)) {
            throw new DataFormatException(
                    p,
                    Files.isDirectory(p)
                            ? "is a folder, but vae4j reads a data file of that name"
                            : "is not a regular file (a FIFO, a device or a socket), but vae4j"
                                    + " reads a data file of that name",
                    "Replace it with the file, or remove it");
        }
        requireInside(dir, p);
        return Optional.of(p);
    }

    /** Refuses a file that a symbolic link takes outside the folder the user gave. */
    static void requireInside(Path dir, Path file) {
        Optional<Path> target;
        try {
            target = SymbolicLinks.targetOutside(dir, file);
        } catch (IOException e) {
            throw new DataFormatException(
                    file, "cannot be resolved (" + e + ")", "Check that it is readable", e);
        }
        target.ifPresent(
                t -> {
                    throw new DataFormatException(
                            file,
                            "is a symbolic link to " + t + ", outside " + dir,
                            "Copy the file into " + dir + ", or pass the folder it is in");
                });
    }

    /**
     * If {@code dir} has a {@code SHA256SUMS} file ({@code sha256sum} format), checks each of
     * {@code files} that it lists, by its path relative to {@code dir} with {@code /} between
     * names.
     *
     * @throws DataFormatException if the checksum file is malformed or a file's SHA-256 differs
     */
    static void verifyChecksums(Path dir, List<Path> files) {
        Map<String, String> expected = checksums(dir);
        for (Path p : files) {
            String name =
                    dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
            verify(p, expected.get(name));
        }
    }

    /** Returns what {@code dir}'s {@code SHA256SUMS} lists, by name; empty if it has none. */
    static Map<String, String> checksums(Path dir) {
        return regularFile(dir, Mnist.CHECKSUMS).map(DataFiles::readChecksums).orElse(Map.of());
    }

    /** Reads {@code sha256sum} output: lines of 64 hex digits, a space, a space or '*', a name. */
    private static Map<String, String> readChecksums(Path sums) {
        List<String> lines;
        try {
            lines = Files.readAllLines(sums);
        } catch (IOException e) {
            throw new DataFormatException(
                    sums, "cannot be read (" + e + ")", "Check that it is a readable text file", e);
        }
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.matches("[0-9a-fA-F]{64} [ *].+")) {
                throw new DataFormatException(
                        sums,
                        "line " + (i + 1) + " is not '<64 hex digits>  <file name>'",
                        "Regenerate it with `sha256sum * > " + Mnist.CHECKSUMS + "` or delete it");
            }
            expected.put(line.substring(66), line.substring(0, 64).toLowerCase(Locale.ROOT));
        }
        return expected;
    }

    /** Checks a file's SHA-256 against {@code expected}, if not null. */
    static void verify(Path file, String expected) {
        if (expected == null) {
            return; // not listed: nothing to check against
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new DataFormatException(
                    file,
                    "SHA-256 is " + actual + ", but " + Mnist.CHECKSUMS + " lists " + expected,
                    "The file is damaged or was changed; re-copy it (or fix "
                            + Mnist.CHECKSUMS
                            + " if the change was intended)");
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        } catch (IOException e) {
            throw new DataFormatException(
                    file, "cannot be read (" + e + ")", "Check that the file is readable", e);
        }
    }

    /** Returns the SHA-256 of what {@code in} holds, in lower-case hex. */
    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM provides SHA-256", e);
        }
    }
}
