package org.vae4j.examples.reliability;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vae4j.examples.cli.Console;
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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Main.run(
                        args, new Console(new PrintWriter(out), new PrintWriter(err), false), HOME);
        return new Outcome(code, out.toString(), err.toString());
    }

    /** Starts one command in a JVM of its own, its output going to {@code log}. */
    static Process start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a short run: the quick JIT tier and one GC thread start faster; the numbers are the same
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.add("-Djava.awt.headless=true");
        command.add("-Dvae.home=" + HOME.toAbsolutePath().normalize());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.add(Main.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
