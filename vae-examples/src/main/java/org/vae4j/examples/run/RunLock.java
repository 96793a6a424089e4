package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Makes one process at a time the writer of a run directory. The directory's {@value #FILE_NAME}
 * holds the owner's process id under an operating-system lock ({@link FileChannel#tryLock()}),
 * which is taken atomically and which the system releases however the owner ends. Closing removes
 * the file; a file whose lock is free but that still names a process was therefore left by an owner
 * that was killed, and is taken over ({@link #leftBy()} says by whom, for a notice).
 *
 * <p>The lock belongs to the process: a second attempt from the same process is refused too, and
 * nothing else in the process may open the file, since closing it would release the lock.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside the run directory. */
    public static final String FILE_NAME = ".vae4j.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String leftBy;

    private RunLock(Path file, FileChannel channel, FileLock lock, String leftBy) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.leftBy = leftBy;
    }

    /**
     * Takes the lock of the existing directory {@code dir}.
     *
     * @throws IllegalStateException if another process holds it; nothing is changed then
     * @throws IOException if the lock file cannot be created or written
     */
    public static RunLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        byte[] self =
                Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
        while (true) {
            FileChannel channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            try {
                Object opened = fileKey(file);
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    String owner = contents(channel);
                    throw new IllegalStateException(
                            dir
                                    + " is in use by "
                                    + (owner.isEmpty() ? "another process" : "process " + owner)
                                    + ", which holds "
                                    + file
                                    + ". Wait for it to finish, or choose another directory");
                }
                if (Files.exists(file) && Objects.equals(opened, fileKey(file))) {
                    String previous = contents(channel);
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(self), 0);
                    channel.force(true);
                    return new RunLock(file, channel, lock, previous);
                }
                // the owner removed the file while it was being opened: the lock is on nothing
                lock.release();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            channel.close();
        }
    }

    /**
     * Returns the process id written in a lock file that was left behind by a process that ended
     * without releasing it, or an empty string if the file was new or free.
     */
    public String leftBy() {
        return leftBy;
    }

    /** Removes the lock file and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            channel.close(); // releases the lock
        }
    }

    /** Returns the lock, or null if a process (this one included) already holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            return null;
        }
    }

    private static String contents(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    }

    /**
     * Returns the file's identity (device and inode where the platform has them), null if it is
     * gone; read from its attributes, since opening the file again and closing it would drop this
     * process's lock on some systems.
     */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }
}
