package org.vae4j.examples.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingControl;
import org.vae4j.core.train.TrainingListener;

/**
 * A run directory that this process writes, held with a {@link RunLock} until it is closed.
 *
 * <p>A new run is written into the folder {@value #STAGING} inside the directory until its first
 * checkpoint ({@link #files()}); as a listener after the checkpoint and metrics writers, it then
 * removes the files of what the directory held (an earlier run, replaced with {@code --force}) and
 * moves the new checkpoint and metrics in. A new run that fails before that leaves the directory as
 * it was, and removes the directories it created.
 *
 * <p>Until it is closed, a SIGINT or SIGTERM that ends the process prints what the directory keeps
 * and how to continue ({@link StopNotice}).
 */
public final class OwnedRun implements TrainingListener, AutoCloseable {
    /** The folder, inside the run directory, that holds a new run until its first checkpoint. */
    static final String STAGING = ".vae4j-new";

    private final RunDirectory run;
    private final RunLock lock;
    private final Path created;
    private final StopNotice notice;
    private volatile boolean published;

    private OwnedRun(
            RunDirectory run, RunLock lock, Path created, boolean published, PrintWriter notes) {
        this.run = run;
        this.lock = lock;
        this.created = created;
        this.published = published;
        this.notice = new StopNotice(run.root(), published, notes);
    }

    /** Takes over an existing run to continue it, removing what a killed writer left in it. */
    public static OwnedRun resume(RunDirectory run, PrintWriter notes) throws IOException {
        OwnedRun owned = new OwnedRun(run, acquire(run.root(), notes), null, true, notes);
        try {
            owned.removeLeftovers();
            return owned;
        } catch (IOException | RuntimeException e) {
            owned.notice.close();
            owned.lock.close();
            throw e;
        }
    }

    /**
     * Prepares {@code root} for a new run: creates it if missing, or takes it if it is empty or
     * holds only what an interrupted vae4j run left. An existing run, or files vae4j did not write,
     * are replaced only with {@code force}, and only once the new run has its first checkpoint.
     *
     * @throws IllegalStateException if {@code root} is a file, is in use, or holds a run or other
     *     files and {@code force} is off; nothing is changed then
     */
    public static OwnedRun start(Path root, boolean force, PrintWriter notes) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalStateException(
                    root + " is a file, not a directory. Choose another --out");
        }
        Path created = highestMissing(root);
        Files.createDirectories(root);
        RunLock lock;
        try {
            lock = acquire(root, notes);
        } catch (IOException | RuntimeException e) {
            removeIfEmpty(root, created);
            throw e;
        }
        OwnedRun owned = new OwnedRun(new RunDirectory(root), lock, created, false, notes);
        try {
            owned.requireReplaceable(force);
            owned.removeLeftovers();
            Files.createDirectory(owned.staging());
            return owned;
        } catch (IOException | RuntimeException e) {
            try {
                owned.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The run directory. */
    public RunDirectory run() {
        return run;
    }

    /** Where the run's checkpoint and metrics go now: the staging folder until the first one. */
    public RunDirectory files() {
        return published ? run : new RunDirectory(staging());
    }

    private Path staging() {
        return run.root().resolve(STAGING);
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        notice.epochStarted(epoch);
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingControl control) {
        RunDirectory staged = files();
        if (Files.exists(staged.checkpoint())) {
            notice.checkpointed(metrics.epoch());
        }
        if (published || !Files.exists(staged.checkpoint())) {
            return;
        }
        try {
            for (String name : RunDirectory.ARTIFACTS) {
                if (!name.equals(Checkpoints.FILE_NAME)) {
                    Files.deleteIfExists(run.root().resolve(name));
                }
            }
            move(staged.checkpoint(), run.checkpoint());
            if (Files.exists(staged.metrics())) {
                move(staged.metrics(), run.metrics());
            }
            deleteTree(staged.root());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot move the new run into " + run.root() + ": " + e.getMessage(), e);
        }
        published = true;
    }

    /**
     * Releases the directory. A new run without a checkpoint yet leaves it as it was: its staging
     * folder is removed, and so are the directories it created.
     */
    @Override
    public void close() throws IOException {
        notice.close();
        try {
            if (!published) {
                deleteTree(staging());
            }
        } finally {
            lock.close();
            if (!published) {
                removeIfEmpty(run.root(), created);
            }
        }
    }

    private static RunLock acquire(Path root, PrintWriter notes) throws IOException {
        RunLock lock = RunLock.acquire(root);
        if (!lock.leftBy().isEmpty()) {
            notes.println(
                    "note: "
                            + root.resolve(RunLock.FILE_NAME)
                            + " was left by process "
                            + lock.leftBy()
                            + ", which ended without releasing it; this process takes "
                            + root
                            + " over");
        }
        return lock;
    }

    /** Removes what a killed process left: its staging folder and temporary files. */
    private void removeLeftovers() throws IOException {
        deleteTree(staging());
        for (Path p : entries()) {
            if (ForeignFiles.TEMPORARY.matcher(p.getFileName().toString()).matches()) {
                Files.delete(p);
            }
        }
    }

    private void requireReplaceable(boolean force) throws IOException {
        if (force) {
            return;
        }
        Path root = run.root();
        if (run.holdsRun()) {
            throw new IllegalStateException(
                    root
                            + " already holds a run. Continue it with --resume "
                            + root
                            + ", overwrite it with --force, or choose another --out");
        }
        ForeignFiles.refuse(
                root, "write the run beside them (files named like the run's are replaced)");
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> list = Files.list(run.root())) {
            return list.toList();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes a folder and what it holds; a link in its place is deleted, not followed. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Returns the highest directory of {@code root}'s path that does not exist, or null. */
    private static Path highestMissing(Path root) {
        Path missing = null;
        for (Path p = root.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes {@code root} and its parents up to {@code created}, while they are empty. */
    private static void removeIfEmpty(Path root, Path created) throws IOException {
        if (created == null) {
            return;
        }
        for (Path p = root.toAbsolutePath();
                p != null && p.startsWith(created);
                p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException inUse) {
                return;
            }
        }
    }
}
