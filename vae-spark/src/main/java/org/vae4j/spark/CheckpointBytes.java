package org.vae4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Function;
import org.vae4j.api.Backend;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.io.CheckpointException;
import org.vae4j.core.model.Vae;
import org.vae4j.core.optim.Optimizer;

/**
 * A checkpoint file's bytes, as the driver broadcasts them to the executors, with their SHA-256,
 * which names the model an executor restores once and then reuses.
 */
final class CheckpointBytes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private final String sha256;
    private final String source;
    private transient volatile RunInfo info;

    private CheckpointBytes(byte[] bytes, String source) {
        this.bytes = bytes;
        this.sha256 = HexFormat.of().formatHex(Sha256.digest(bytes));
        this.source = source;
    }

    /** Wraps bytes given by a program; they are not copied. */
    static CheckpointBytes of(byte[] bytes) {
        return new CheckpointBytes(bytes, "the checkpoint bytes");
    }

    /** Reads a run directory's checkpoint, or a checkpoint file itself. */
    static CheckpointBytes read(Path run) {
        Path file = Files.isDirectory(run) ? run.resolve(Checkpoints.FILE_NAME) : run;
        try {
            return new CheckpointBytes(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new CheckpointException(
                    file
                            + ": cannot be read ("
                            + e
                            + "). Give a run directory written by 'vae train'",
                    e);
        }
    }

    /** Returns the SHA-256 of the bytes, as hex. */
    String sha256() {
        return sha256;
    }

    /**
     * Writes the state of a model and its optimizer as a checkpoint and returns its bytes, which
     * the workers of a distributed run restore their copies of the model from.
     */
    static CheckpointBytes save(Vae vae, Optimizer optimizer, RunInfo run) {
        Path file = null;
        try {
            file = Files.createTempFile("vae4j-checkpoint-", ".safetensors");
            Checkpoints.save(file, vae, optimizer, run);
            return new CheckpointBytes(Files.readAllBytes(file), "the model's state");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the model's state to a temporary file", e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /** Reads what the checkpoint records about its run, once per JVM. */
    RunInfo inspect() {
        RunInfo read = info;
        if (read == null) {
            read = withFile(Checkpoints::inspect);
            info = read;
        }
        return read;
    }

    /** Restores the model on {@code backend}. */
    Restored load(Backend backend) {
        return withFile(file -> Checkpoints.load(file, backend));
    }

    /**
     * Applies {@code reader} to a temporary copy of the bytes, since checkpoints are read from
     * files; a problem names where the bytes came from rather than the copy.
     */
    private <T> T withFile(Function<Path, T> reader) {
        Path file = null;
        try {
            file = Files.createTempFile("vae4j-checkpoint-", ".safetensors");
            Files.write(file, bytes);
            return reader.apply(file);
        } catch (CheckpointException e) {
            throw new CheckpointException(e.getMessage().replace(file.toString(), source), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + source + " to a temporary file", e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }
}
