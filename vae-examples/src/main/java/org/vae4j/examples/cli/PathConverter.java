package org.vae4j.examples.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Turns an option's text into a {@link Path}, saying in one line why a path cannot be one here:
 * most often, a name with letters that the locale's encoding cannot hold (a non-UTF-8 locale such
 * as {@code LANG=C}).
 */
final class PathConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            String encoding = System.getProperty("sun.jnu.encoding", "unknown");
            throw new CommandLine.TypeConversionException(
                    "'"
                            + value
                            + "' is not a path this system can use ("
                            + e.getReason()
                            + " in the file-name encoding "
                            + encoding
                            + ", which the locale sets). Run with a UTF-8 locale, for example"
                            + " LC_ALL=C.UTF-8, or use a path of ASCII characters");
        }
    }
}
