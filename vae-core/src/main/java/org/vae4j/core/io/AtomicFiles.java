package org.vae4j.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * partial file, even if the process dies midway.
 *
 * <p>The bytes go to a temporary file in the target's directory, are forced to disk, and the
 * temporary file is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}; the
 * directory is forced too where the platform allows it. On any failure the temporary file is
 * deleted and the target is left as it was.
 *
 * <pre>{@code
 * AtomicFiles.write(path, out -> out.write(bytes));
 * AtomicFiles.writeString(path.resolveSibling("config.json"), Json.writePretty(config));
 * }</pre>
 *
 * <p>If the target is a symbolic link, the link itself is replaced by a regular file. A failed
 * write is an {@link IOException} of one line that names the target (never the temporary file), the
 * reason (a full disk, a missing folder) and what is kept.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes a file atomically. The stream handed to {@code body} is buffered; closing it is
     * allowed and only flushes.
     *
     * @throws IOException if writing, forcing or renaming fails (or {@code body} throws), its
     *     message {@code cannot write <target>: <reason>. <what is kept>. <fix>}; the target then
     *     still holds its previous content
     */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        Path absolute = target.toAbsolutePath();
        boolean existed = Files.exists(absolute);
        Path dir = absolute.getParent();
        Path temp =
                dir.resolve(
                        "."
                                + absolute.getFileName()
                                + "."
                                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                                + ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(
                            temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out =
                        new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.accept(new FlushOnClose(out));
                out.flush();
                channel.force(true);
            }
            Files.move(
                    temp,
                    absolute,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteAfterFailure(temp, e);
            throw WriteFailure.of(target, existed, e);
        } catch (RuntimeException | Error e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
        forceDirectory(dir);
    }

    /**
     * Writes a string as UTF-8, atomically.
     *
     * @throws IOException if the write fails; the target then still holds its previous content
     */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    private static void deleteAfterFailure(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * Forces the directory entry of the renamed file to disk. Some platforms (Windows) cannot open
     * a directory as a channel; the rename has already happened, so that is not an error.
     */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible on this platform; the file itself is already durable.
        }
    }

    /** Hands writes through and turns close() into flush(), so the writer cannot end the file. */
    private static final class FlushOnClose extends FilterOutputStream {
        FlushOnClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
