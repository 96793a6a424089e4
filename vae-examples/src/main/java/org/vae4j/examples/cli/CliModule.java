package org.vae4j.examples.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.file.Path;
import org.vae4j.api.Backend;

/**
 * The command line's wiring, which only binds: the console commands write to, the directory the
 * defaults are relative to, and the backend, opened from the parsed {@link BackendOptions} (one
 * instance that picocli fills in as a mixin). Tests build the same graph with their own console and
 * home.
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

    /**
     * Opens the backend that {@code --backend} and {@code --device} chose, once, on first use;
     * {@link Main} closes it on exit.
     */
    @Provides
    @Singleton
    Backend backend(BackendOptions options, OpenedBackends opened) {
        return opened.register(options.open());
    }

    @Provides
    Defaults defaults() {
        return new Defaults(home.resolve("data").resolve("mnist"), home.resolve("runs"));
    }
}
