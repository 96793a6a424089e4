package org.vae4j.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the {@code vae} command line in this JVM for tests, capturing what it prints. */
public final class InProcess {
    private InProcess() {}

    /** What one invocation printed and returned. */
    public record Result(int code, String out, String err) {}

    /** Runs {@code args} against {@code home} (the folder holding {@code data/mnist}). */
    public static Result vae(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Main.run(
                        args, new Console(new PrintWriter(out), new PrintWriter(err), false), home);
        return new Result(code, out.toString(), err.toString());
    }
}
