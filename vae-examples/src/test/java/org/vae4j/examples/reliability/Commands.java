package org.vae4j.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vae4j.examples.cli.InProcess;
import org.vae4j.examples.cli.Main;

/**
 * Runs the {@code vae} command line for the reliability tests, in this JVM or in one of its own.
 */
final class Commands {
    /** The repository root, which holds {@code data/mnist}. */
    static final Path HOME = Path.of("..");

    private Commands() {}

    /** What one in-process invocation printed and returned. */
    record Outcome(int code, String out, String err) {}

    /** Runs one command in this JVM. */
    static Outcome vae(String... args) {
        InProcess.Result r = InProcess.vae(HOME, args);
        return new Outcome(r.code(), r.out(), r.err());
    }

    /**
     * Runs a command that must fail: checks the exit code and that it printed one line, starting
     * {@code vae <command>:} and not an internal error. Returns the line.
     */
    static String fails(int code, String... args) {
        Outcome r = vae(args);
        String line = r.err().strip();
        String what = String.join(" ", args);
        assertThat(r.code()).as(what + " -> " + line).isEqualTo(code);
        assertThat(line)
                .as(what)
                .isNotEmpty()
                .doesNotContain("\n")
                .doesNotContain("internal error")
                .startsWith("vae ");
        return line;
    }

    /**
     * Runs a command that must fail as {@link #fails} says, and checks that under {@code watched}
     * no file or folder was added or removed and every file holds the same bytes.
     */
    static String failsChangingNothing(Path watched, int code, String... args) throws IOException {
        Map<Path, byte[]> before = snapshot(watched);
        String line = fails(code, args);
        Map<Path, byte[]> after = snapshot(watched);
        String what = String.join(" ", args);
        assertThat(after.keySet()).as("files after " + what).isEqualTo(before.keySet());
        for (Map.Entry<Path, byte[]> e : before.entrySet()) {
            assertThat(after.get(e.getKey()))
                    .as(e.getKey() + " after " + what)
                    .isEqualTo(e.getValue());
        }
        return line;
    }

    /** Every file and folder under {@code root}: a file's bytes, an empty array for a folder. */
    static Map<Path, byte[]> snapshot(Path root) throws IOException {
        Map<Path, byte[]> entries = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                entries.put(p, Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return entries;
    }

    /** Starts one command in a JVM of its own, its output going to {@code log}. */
    static Process start(List<String> args, Path log) throws IOException {
        return start(args, Path.of("").toAbsolutePath(), log);
    }

    /** Starts one command in a JVM of its own, working in {@code workDir}. */
    static Process start(List<String> args, Path workDir, Path log) throws IOException {
        return start(List.of(), Map.of(), args, workDir, log);
    }

    /**
     * Starts one command in a JVM of its own with more JVM options and environment variables,
     * working in {@code workDir}.
     */
    static Process start(
            List<String> jvm, Map<String, String> env, List<String> args, Path workDir, Path log)
            throws IOException {
        ProcessBuilder builder =
                builder(jvm, args, workDir).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * Starts one command in a JVM of its own, working in {@code workDir}: its standard output is
     * the process's input stream, to read as it comes; its errors go to {@code errors}.
     */
    static Process startReading(List<String> args, Path workDir, Path errors) throws IOException {
        return builder(List.of(), args, workDir).redirectError(errors.toFile()).start();
    }

    private static ProcessBuilder builder(List<String> jvm, List<String> args, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a short run: the quick JIT tier and one GC thread start faster; the numbers are the same
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvm);
        command.add("-Djava.awt.headless=true");
        command.add("-Dvae4j.backend.timing.steps=0");
        command.add("-Dvae.home=" + HOME.toAbsolutePath().normalize());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command).directory(workDir.toFile());
    }
}
