package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.examples.run.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae manifold}: the decoder over a grid of two latent dimensions, the others at zero, on
 * the normal quantiles (Kingma &amp; Welling, Fig. 4).
 */
@Command(
        name = "manifold",
        mixinStandardHelpOptions = true,
        description = "Draw the decoder over a grid of two latent dimensions.")
public final class ManifoldCommand implements Callable<Integer> {
    private final Console console;

    @Mixin ModelOptions model;
    @Mixin BackendOptions backendOptions;
    private final BackendChoice backends;

    @Option(
            names = "--dims",
            paramLabel = "I,J",
            split = ",",
            description = "The two latent dimensions to vary (default: 0,1).")
    int[] dims = {0, 1};

    @Option(
            names = "--grid",
            paramLabel = "N",
            description = "Points per side (default: ${DEFAULT-VALUE}).")
    int grid = 20;

    @Option(
            names = "--label",
            paramLabel = "N",
            description = "A conditional model's class to draw (required for one).")
    String label;

    @Option(
            names = "--out",
            paramLabel = "FILE.png",
            required = true,
            description = "The PNG to write.")
    Path out;

    @Inject
    ManifoldCommand(Console console, BackendChoice backends) {
        this.backends = backends;
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        if (grid < 2 || grid > 100) {
            throw new UsageException("--grid must be in 2..100, but was " + grid);
        }
        model.checkPictureOut(out);
        try (Restored run = model.load(backends)) {
            int latent = run.info().model().latent();
            if (dims.length != 2 || dims[0] == dims[1]) {
                throw new UsageException("--dims takes two different dimensions, such as 0,1");
            }
            for (int d : dims) {
                if (d < 0 || d >= latent) {
                    throw new UsageException(
                            "--dims "
                                    + d
                                    + " is not a latent dimension; the model has 0.."
                                    + (latent - 1));
                }
            }
            int picked = ModelOptions.label(label, run.vae().conditions(), false);
            Pictures.write(
                    new Pictures(run.vae(), model.drawnShape(run.info()))
                            .manifold(grid, dims[0], dims[1], picked),
                    out);
        }
        console.out().println("Wrote a " + grid + "x" + grid + " manifold to " + out);
        return 0;
    }
}
