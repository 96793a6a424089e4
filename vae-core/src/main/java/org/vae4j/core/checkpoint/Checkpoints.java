package org.vae4j.core.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.io.CheckpointException;
import org.vae4j.core.io.HostArray;
import org.vae4j.core.io.Json;
import org.vae4j.core.io.JsonException;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.io.Safetensors;
import org.vae4j.core.io.TensorFile;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.TrainingConfig;

/**
 * Saves and restores training state as one safetensors file: the model's tensors under {@code
 * model.<name>}, the optimizer's under {@code optim.<slot>.<name>}, and the run's {@link RunInfo}
 * as JSON in the header's metadata. Any tool that reads safetensors can read the weights.
 *
 * <p>Saving is atomic (a crash leaves the previous file) and records a checksum of every tensor.
 * Loading checks the whole file before building anything: format, checksums, metadata, every
 * tensor's presence, dtype, shape against the recorded architecture, and finiteness; each problem
 * is a one-line {@link CheckpointException}.
 */
public final class Checkpoints {
    /** The file name a run directory keeps its checkpoint under. */
    public static final String FILE_NAME = "checkpoint.safetensors";

    /** The format tag in the metadata; a later incompatible layout gets a new tag. */
    public static final String FORMAT = "vae4j-checkpoint-1";

    /**
     * The metadata entry holding each tensor's CRC32C, a JSON object from tensor name to eight hex
     * digits; checkpoints written before it was added have none and load unchecked.
     */
    public static final String CHECKSUMS = "crc32c";

    private static final String MODEL = "model.";
    private static final String OPTIM = "optim.";

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private Checkpoints() {}

    /** Writes the model, the optimizer state and the run's information to {@code file}. */
    public static void save(Path file, Vae vae, Optimizer optimizer, RunInfo info) {
        save(file, vae, optimizer, info, HistoryText.of(info.history()));
    }

    /** Saves with the history already written as JSON ({@link HistoryText}) by the caller. */
    static void save(Path file, Vae vae, Optimizer optimizer, RunInfo info, String history) {
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        vae.stateDict().forEach((name, t) -> tensors.put(MODEL + name, HostArray.fromTensor(t)));
        optimizer.state().forEach((name, t) -> tensors.put(OPTIM + name, HostArray.fromTensor(t)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("model", modelJson(info.model()));
        meta.put("training", Json.write(info.training().toJson()));
        meta.put("epoch", Integer.toString(info.epoch()));
        meta.put("optimizer_steps", Long.toString(optimizer.stepCount()));
        meta.put("history", history);
        meta.put("provenance", Json.write(new LinkedHashMap<>(info.provenance())));
        meta.put(CHECKSUMS, TensorChecksums.record(tensors));
        Safetensors.write(file, tensors, meta);
        LOG.info("Wrote checkpoint {} at epoch {}", file, info.epoch());
    }

    /**
     * Returns the architecture as one line of JSON, as a checkpoint's {@code model} metadata
     * records it: equal strings describe models of the same shape.
     */
    public static String modelJson(ModelConfig model) {
        return Json.write(ModelJson.write(model));
    }

    /** Reads only what a checkpoint says about its run. */
    public static RunInfo inspect(Path file) {
        return info(file, read(file));
    }

    /**
     * Rebuilds the model and optimizer on {@code backend} from a checkpoint; the model is in
     * evaluation mode (the trainer switches it back for training).
     */
    public static Restored load(Path file, Backend backend) {
        return load(file, info -> backend);
    }

    /**
     * Rebuilds the model and optimizer from a checkpoint on the backend {@code backendFor} picks
     * from what the checkpoint records (its run's backend, say), reading the file once.
     */
    public static Restored load(Path file, Function<RunInfo, Backend> backendFor) {
        TensorFile contents = read(file);
        RunInfo info = info(file, contents);
        Backend backend = backendFor.apply(info);
        long steps = parseLong(file, contents.metadata(), "optimizer_steps");
        checkArchitectureFits(file, contents, info.model());
        Vae vae = info.model().build(Init.on(backend, info.training().dtype(), Rng.seeded(0)));
        Optimizer optimizer = null;
        try (Scope scope = backend.openScope()) {
            vae.loadStateDict(modelTensors(file, contents, vae, info, backend));
            optimizer = info.training().buildOptimizer(vae.namedParameters());
            optimizer.loadState(optimizerTensors(file, contents, info, backend), steps);
            vae.train(false);
            LOG.info(
                    "Loaded checkpoint {} at epoch {} (trained on {}) onto {} {}",
                    file,
                    info.epoch(),
                    info.provenance().getOrDefault("backend", "an unrecorded backend"),
                    backend.name(),
                    backend.device());
            return new Restored(vae, optimizer, info);
        } catch (RuntimeException e) {
            if (optimizer != null) {
                optimizer.close();
            }
            vae.close();
            if (e instanceof CheckpointException) {
                throw e;
            }
            throw problem(file, e.getMessage(), "the file does not match its own metadata");
        }
    }

    /** Reads a file whose tensors match their checksums, where it records them. */
    private static TensorFile read(Path file) {
        TensorFile contents = Safetensors.read(file);
        TensorChecksums.verify(file, contents);
        return contents;
    }

    private static Map<String, Tensor> modelTensors(
            Path file, TensorFile contents, Vae vae, RunInfo info, Backend backend) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, Tensor> expected = vae.stateDict();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            String key = MODEL + e.getKey();
            HostArray saved = contents.tensors().get(key);
            if (saved == null) {
                throw problem(file, "tensor '" + key + "' is missing", "the file is incomplete");
            }
            if (!saved.shape().equals(e.getValue().shape())
                    || saved.dtype() != e.getValue().dtype()) {
                throw problem(
                        file,
                        "tensor '"
                                + key
                                + "' is "
                                + saved.dtype()
                                + " "
                                + saved.shape()
                                + " but the recorded architecture ("
                                + info.model()
                                + ") needs "
                                + e.getValue().dtype()
                                + " "
                                + e.getValue().shape(),
                        "the file was edited or damaged; use another checkpoint");
            }
            checkFinite(file, key, saved);
            out.put(e.getKey(), saved.toTensor(backend));
        }
        for (String key : contents.tensors().keySet()) {
            if (key.startsWith(MODEL) && !expected.containsKey(key.substring(MODEL.length()))) {
                throw problem(
                        file,
                        "tensor '"
                                + key
                                + "' is not part of the recorded architecture ("
                                + info.model()
                                + ")",
                        "the file was edited or damaged; use another checkpoint");
            }
            if (!key.startsWith(MODEL) && !key.startsWith(OPTIM)) {
                throw problem(
                        file,
                        "tensor '" + key + "' is neither model. nor optim.",
                        "this is not a vae4j training checkpoint");
            }
        }
        return out;
    }

    private static Map<String, Tensor> optimizerTensors(
            Path file, TensorFile contents, RunInfo info, Backend backend) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        contents.tensors()
                .forEach(
                        (key, saved) -> {
                            if (key.startsWith(OPTIM)) {
                                if (saved.dtype() != info.training().dtype()) {
                                    throw problem(
                                            file,
                                            "tensor '"
                                                    + key
                                                    + "' is "
                                                    + saved.dtype()
                                                    + " but the run trains in "
                                                    + info.training().dtype(),
                                            "the file was edited or damaged; use another checkpoint");
                                }
                                checkFinite(file, key, saved);
                                out.put(key.substring(OPTIM.length()), saved.toTensor(backend));
                            }
                        });
        return out;
    }

    private static void checkFinite(Path file, String key, HostArray saved) {
        double[] v = saved.toDoubles();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw problem(
                        file,
                        "tensor '" + key + "' holds " + v[i] + " at flat index " + i,
                        "the run had diverged when this was saved; resume from an earlier"
                                + " checkpoint with a lower learning rate");
            }
        }
    }

    private static RunInfo info(Path file, TensorFile contents) {
        Map<String, String> meta = contents.metadata();
        String format = meta.get("format");
        if (!FORMAT.equals(format)) {
            throw problem(
                    file,
                    format == null
                            ? "has no vae4j format tag"
                            : "has format '" + format + "', not '" + FORMAT + "'",
                    "give a checkpoint.safetensors written by vae4j's trainer");
        }
        try {
            ModelConfig model = ModelJson.read(fields(file, meta, "model"));
            TrainingConfig training = TrainingConfig.fromJson(fields(file, meta, "training"));
            int epoch = (int) parseLong(file, meta, "epoch");
            List<EpochMetrics> history = new ArrayList<>();
            for (Object o : list(file, meta, "history")) {
                history.add(EpochMetrics.fromJson(JsonFields.of(o, "history[]")));
            }
            Map<String, String> provenance = new LinkedHashMap<>();
            fields(file, meta, "provenance")
                    .map()
                    .forEach((k, v) -> provenance.put(k, String.valueOf(v)));
            if (epoch < 0 || epoch > training.epochs() || history.size() != epoch) {
                throw problem(
                        file,
                        "records epoch "
                                + epoch
                                + " with "
                                + history.size()
                                + " epochs of history and "
                                + training.epochs()
                                + " planned",
                        "the file was edited or damaged; use another checkpoint");
            }
            return new RunInfo(model, training, epoch, history, provenance);
        } catch (JsonException | IllegalArgumentException e) {
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw problem(
                    file,
                    "has invalid metadata: " + e.getMessage(),
                    "the file was edited or damaged; use another checkpoint");
        }
    }

    private static JsonFields fields(Path file, Map<String, String> meta, String key) {
        return JsonFields.of(Json.parse(required(file, meta, key)), key);
    }

    private static List<?> list(Path file, Map<String, String> meta, String key) {
        Object o = Json.parse(required(file, meta, key));
        if (!(o instanceof List<?> l)) {
            throw problem(
                    file,
                    "metadata '" + key + "' is not a JSON list",
                    "the file was edited or damaged; use another checkpoint");
        }
        return l;
    }

    private static long parseLong(Path file, Map<String, String> meta, String key) {
        String v = required(file, meta, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw problem(
                    file,
                    "metadata '" + key + "' is '" + v + "', not an integer",
                    "the file was edited or damaged; use another checkpoint");
        }
    }

    private static String required(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw problem(
                    file,
                    "metadata '" + key + "' is missing",
                    "the file is incomplete; use another checkpoint");
        }
        return v;
    }

    /**
     * Refuses, before anything is allocated, an architecture that needs more weights than the file
     * holds: the weight matrices between consecutive layers, once in the encoder and once in the
     * decoder, are a lower bound on its parameters, and the file's tensors were already checked
     * against its length.
     */
    private static void checkArchitectureFits(Path file, TensorFile contents, ModelConfig model) {
        long held = 0;
        for (Map.Entry<String, HostArray> e : contents.tensors().entrySet()) {
            if (e.getKey().startsWith(MODEL)) {
                held += e.getValue().shape().size();
            }
        }
        double needed = model.leastParameters();
        if (needed > held) {
            throw problem(
                    file,
                    String.format(
                            Locale.ROOT,
                            "the recorded architecture (%s) needs at least %.0f parameters, but"
                                    + " the file holds %d",
                            model,
                            needed,
                            held),
                    "the file was edited or damaged; use another checkpoint");
        }
    }

    /** Returns the one-line {@code "<file>: <what>. <Fix>."}. */
    static CheckpointException problem(Path file, String what, String fix) {
        return new CheckpointException(
                file
                        + ": "
                        + what
                        + ". "
                        + fix.substring(0, 1).toUpperCase()
                        + fix.substring(1)
                        + ".");
    }
}
