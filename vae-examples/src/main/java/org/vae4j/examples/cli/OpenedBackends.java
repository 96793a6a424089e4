package org.vae4j.examples.cli;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.Backend;

/**
 * The backends the command line opened, closed together when the program ends: commands use the
 * backend Guice provides and never close it themselves.
 */
final class OpenedBackends implements AutoCloseable {
    private final List<Backend> opened = new ArrayList<>();

    /** Remembers a freshly opened backend; returns it. */
    synchronized Backend register(Backend backend) {
        opened.add(backend);
        return backend;
    }

    /** Closes every backend opened, newest first. */
    @Override
    public synchronized void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }
}
