package org.vae4j.examples.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.file.Path;

/**
 * The command line's wiring, which only binds: the console commands write to, the directory the
 * defaults are relative to, the parsed {@link BackendOptions} (one instance that picocli fills in
 * as a mixin) and the backends commands open through {@link BackendChoice}, which {@link Main}
 * closes on exit. Tests build the same graph with their own console and home.
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
        bind(BackendOptions.class).in(Singleton.class);
        bind(OpenedBackends.class).in(Singleton.class);
    }

    @Provides
    Defaults defaults() {
        return new Defaults(home.resolve("data").resolve("mnist"), home.resolve("runs"));
    }
}
