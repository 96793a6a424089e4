package org.vae4j.examples.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@code vae} process whose output lines are read as they come, each with the time it arrived, so
 * that a test can tell when the process said it had started or finished its work.
 */
final class WatchedProcess {
    private final Process process;
    private final Path errors;
    private final Thread reader;
    private final List<Long> times = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private long ended = -1;
    private boolean killed;

    private WatchedProcess(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.reader = new Thread(this::read, "output of " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code vae args} in {@code workDir}, its errors going to {@code errors}. */
    static WatchedProcess start(List<String> args, Path workDir, Path errors) throws IOException {
        return new WatchedProcess(Commands.startReading(args, workDir, errors), errors);
    }

    private void read() {
        try (BufferedReader in = process.inputReader()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long now = System.nanoTime();
                synchronized (this) {
                    times.add(now);
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            // the process was killed; what arrived is kept
        }
    }

    /** Records the end if the process has ended; returns whether it has. */
    boolean ended() throws InterruptedException {
        if (ended < 0 && !process.isAlive()) {
            reader.join(TimeUnit.SECONDS.toMillis(30));
            ended = System.nanoTime();
        }
        return ended >= 0;
    }

    /** Kills the process (SIGKILL) and waits for it to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(30));
        killed = true;
        ended = System.nanoTime();
    }

    boolean killed() {
        return killed;
    }

    /** The exit code; only once {@link #ended()}. */
    int code() {
        return process.exitValue();
    }

    /** When it ended, by {@link System#nanoTime()}. */
    long endNanos() {
        return ended;
    }

    /** The output lines so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** When the first line matching {@code p} arrived, if one did. */
    synchronized OptionalLong arrival(Pattern p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).find()) {
                return OptionalLong.of(times.get(i));
            }
        }
        return OptionalLong.empty();
    }

    /** The lines it printed to stderr. */
    List<String> errors() {
        try {
            return Files.exists(errors) ? Files.readAllLines(errors) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
