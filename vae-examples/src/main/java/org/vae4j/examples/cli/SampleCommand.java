package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.api.random.Rng;
import org.vae4j.backend.onnx.OnnxRunner;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.ImageShape;
import org.vae4j.examples.pictures.ImageGrid;
import org.vae4j.examples.run.Pictures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae sample}: decodes draws from the prior into a grid of images, with a run's model or
 * with an exported {@code decoder.onnx} run by ONNX Runtime alone. The images' shape is the one the
 * model records (see {@link ImageShapes}).
 */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = "Draw images from a trained model's prior.")
public final class SampleCommand implements Callable<Integer> {
    private final Console console;

    @Mixin ModelOptions model;
    @Mixin BackendOptions backendOptions;
    private final BackendChoice backends;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Images to draw (default: ${DEFAULT-VALUE}).")
    int count = 64;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--label",
            paramLabel = "N|all",
            description =
                    "A conditional model's class to draw, or all: one row of --count images per"
                            + " class (default: all).")
    String label;

    @Option(
            names = "--out",
            paramLabel = "FILE.png",
            required = true,
            description = "The PNG to write.")
    Path out;

    @Inject
    SampleCommand(Console console, BackendChoice backends) {
        this.backends = backends;
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        if (count <= 0 || count > 10_000) {
            throw new UsageException("--count must be in 1..10000, but was " + count);
        }
        model.checkPictureOut(out);
        if (model.model.getFileName().toString().endsWith(".onnx")) {
            Pictures.write(fromOnnx(model.model), out);
            console.out().println("Wrote " + count + " samples to " + out);
            return 0;
        }
        try (Restored run = model.load(backends)) {
            int classes = run.vae().conditions();
            int picked = ModelOptions.label(label, classes, true);
            Pictures.write(
                    new Pictures(run.vae(), model.drawnShape(run.info()))
                            .samples(count, Rng.seeded(seed), picked),
                    out);
            if (classes > 0 && picked < 0) {
                console.out()
                        .println(
                                "Wrote "
                                        + count
                                        + " samples of each of "
                                        + classes
                                        + " classes to "
                                        + out);
                return 0;
            }
        }
        console.out().println("Wrote " + count + " samples to " + out);
        return 0;
    }

    /** Decodes standard normal draws with an exported decoder; shows its mean output. */
    private BufferedImage fromOnnx(Path file) {
        try (OnnxRunner decoder = OnnxRunner.open(file)) {
            Map<String, String> meta = decoder.metadata();
            String latentText = meta.get("vae4j.latent");
            if (latentText == null || !decoder.inputs().containsKey("z")) {
                throw new IllegalStateException(
                        file
                                + " is not a vae4j decoder. Give the decoder.onnx that 'vae export'"
                                + " wrote");
            }
            int latent = Integer.parseInt(latentText);
            int classes = Integer.parseInt(meta.getOrDefault("vae4j.conditions", "0"));
            int picked = ModelOptions.label(label, classes, true);
            int rows = classes > 0 && picked < 0 ? classes : 1;
            int n = rows * count;
            float[] z = Rng.seeded(seed).normalFloats(n * latent);
            Map<String, float[]> inputs = new HashMap<>(Map.of("z", z));
            if (classes > 0) {
                float[] c = new float[n * classes];
                for (int i = 0; i < n; i++) {
                    c[i * classes + (picked >= 0 ? picked : i / count)] = 1;
                }
                inputs.put("c", c);
            }
            Map<String, float[]> outputs = decoder.run(inputs);
            float[] pixels =
                    outputs.containsKey("probs") ? outputs.get("probs") : outputs.get("mean");
            if (pixels == null || pixels.length % n != 0) {
                throw new IllegalStateException(
                        file
                                + " has no 'probs' or 'mean' output of one row per draw. Give the"
                                + " decoder.onnx that 'vae export' wrote");
            }
            String recorded = meta.getOrDefault("vae4j.image", meta.get("provenance.image"));
            ImageShape shape =
                    ImageShapes.drawn(recorded, pixels.length / n)
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    file
                                                            + " decodes "
                                                            + pixels.length / n
                                                            + " values per example but records no"
                                                            + " image shape with 1 or 3 channels,"
                                                            + " so they cannot be drawn. Export a"
                                                            + " run written by 'vae train'"));
            ImageGrid grid = ImageGrid.of(pixels, n, shape);
            return (rows > 1 ? grid.columns(count) : grid).render();
        }
    }
}
