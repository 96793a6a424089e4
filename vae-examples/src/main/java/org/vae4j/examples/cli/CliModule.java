package org.vae4j.examples.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import java.nio.file.Path;

/**
 * The command line's wiring: the console commands write to and the directory the defaults are
 * relative to. Tests build the same graph with their own console and home.
 */
public final class CliModule extends AbstractModule {
    private final Console console;
    private final Path home;

    /** Wires commands to {@code console}, with {@code home} holding {@code data/mnist}. */
    public CliModule(Console console, Path home) {
        this.console = console;
        this.home = home;
    }

    @Override
    protected void configure() {
        bind(Console.class).toInstance(console);
    }

    @Provides
    Defaults defaults() {
        return new Defaults(home.resolve("data").resolve("mnist"), home.resolve("runs"));
    }
}
