package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.Mnist;
import org.vae4j.examples.run.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae sample}: decodes draws from the prior into a grid of digits. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = "Draw digits from a trained model's prior.")
public final class SampleCommand implements Callable<Integer> {
    private final Console console;

    @Mixin ModelOptions model;
    @Mixin BackendOptions backendOptions;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Digits to draw (default: ${DEFAULT-VALUE}).")
    int count = 64;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--out",
            paramLabel = "FILE.png",
            required = true,
            description = "The PNG to write.")
    Path out;

    @Inject
    SampleCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        if (count <= 0 || count > 10_000) {
            throw new UsageException("--count must be in 1..10000, but was " + count);
        }
        try (Backend backend = backendOptions.open();
                Restored run = model.load(backend)) {
            Pictures.write(
                    new Pictures(run.vae(), Mnist.SIDE).samples(count, Rng.seeded(seed)), out);
        }
        console.out().println("Wrote " + count + " samples to " + out);
        return 0;
    }
}
