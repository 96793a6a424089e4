package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.io.SymbolicLinks;

/**
 * The files of one training run: {@code checkpoint.safetensors}, {@code metrics.jsonl} and the
 * pictures, and the bound against K that {@code vae eval} draws. Every file in it is written
 * atomically.
 *
 * @param root the directory
 */
public record RunDirectory(Path root) {
    /** The files of a run, each written atomically. */
    static final List<String> ARTIFACTS =
            List.of(
                    Checkpoints.FILE_NAME,
                    "metrics.jsonl",
                    "samples.png",
                    "reconstructions.png",
                    "curves.png",
                    "manifold.png",
                    "iw-bound.png");

    /**
     * Opens a directory written by an earlier run. Its files are read only where they are: one that
     * a symbolic link takes outside the directory is refused (writes replace a link with a regular
     * file and never write through it).
     *
     * @throws IllegalStateException if it holds no checkpoint, or a file of the run leads outside
     *     it or cannot be resolved
     */
    public static RunDirectory existing(Path root) {
        RunDirectory run = new RunDirectory(root);
        if (!Files.isRegularFile(run.checkpoint())) {
            String what =
                    Files.isDirectory(root)
                            ? "holds no " + Checkpoints.FILE_NAME
                            : "does not exist";
            throw new IllegalStateException(
                    root + " " + what + ". Give a directory that 'vae train --out' wrote");
        }
        for (String name : ARTIFACTS) {
            requireInside(root, root.resolve(name));
        }
        return run;
    }

    private static void requireInside(Path root, Path file) {
        Optional<Path> target;
        try {
            target = SymbolicLinks.targetOutside(root, file);
        } catch (IOException e) {
            throw new IllegalStateException(
                    file + " cannot be resolved (" + e + "). Check its permissions", e);
        }
        target.ifPresent(
                t -> {
                    throw new IllegalStateException(
                            file
                                    + " is a symbolic link to "
                                    + t
                                    + ", outside the run directory "
                                    + root
                                    + ". Copy the file into it, or give the run directory the"
                                    + " link points into");
                });
    }

    /** Whether the directory holds a run: its checkpoint or its metrics. */
    public boolean holdsRun() {
        return Files.exists(checkpoint()) || Files.exists(metrics());
    }

    /** The run's files, whether or not they exist yet. */
    public List<Path> files() {
        return ARTIFACTS.stream().map(root::resolve).toList();
    }

    /** The checkpoint. */
    public Path checkpoint() {
        return root.resolve(Checkpoints.FILE_NAME);
    }

    /** One JSON object per epoch. */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** Digits drawn from the prior. */
    public Path samples() {
        return root.resolve("samples.png");
    }

    /** Test digits over their reconstructions. */
    public Path reconstructions() {
        return root.resolve("reconstructions.png");
    }

    /** Training and test loss by epoch. */
    public Path curves() {
        return root.resolve("curves.png");
    }

    /** The decoder over a grid of a 2-D latent space. */
    public Path manifold() {
        return root.resolve("manifold.png");
    }

    /** The importance-sampled bound against K, drawn by {@code vae eval}. */
    public Path iwBound() {
        return root.resolve("iw-bound.png");
    }
}
