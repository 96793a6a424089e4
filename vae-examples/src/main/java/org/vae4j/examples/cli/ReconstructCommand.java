package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.ImageData;
import org.vae4j.examples.run.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae reconstruct}: test images over what the model reconstructs from their codes. */
@Command(
        name = "reconstruct",
        mixinStandardHelpOptions = true,
        description = "Draw test images over their reconstructions.")
public final class ReconstructCommand implements Callable<Integer> {
    private final Console console;

    @Mixin ModelOptions model;
    @Mixin BackendOptions backendOptions;
    private final BackendChoice backends;

    @Mixin DataOptions dataOptions;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Test images to draw (default: ${DEFAULT-VALUE}).")
    int count = 16;

    @Option(
            names = "--out",
            paramLabel = "FILE.png",
            required = true,
            description = "The PNG to write.")
    Path out;

    @Inject
    ReconstructCommand(Console console, BackendChoice backends) {
        this.backends = backends;
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        if (count <= 0 || count > 1_000) {
            throw new UsageException("--count must be in 1..1000, but was " + count);
        }
        model.checkPictureOut(out);
        ImageData data = dataOptions.load();
        int drawn = Math.min(count, data.test().size());
        try (Restored run = model.load(backends, data)) {
            Pictures.write(
                    new Pictures(run.vae(), data.shape()).reconstructions(data.test(), drawn), out);
        }
        console.out()
                .println(
                        "Wrote "
                                + drawn
                                + " reconstructions to "
                                + out
                                + (drawn < count
                                        ? " (--count "
                                                + count
                                                + ", but the test set holds "
                                                + drawn
                                                + " images)"
                                        : ""));
        return 0;
    }
}
