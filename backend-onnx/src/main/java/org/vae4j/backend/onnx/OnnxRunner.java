package org.vae4j.backend.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.VaeException;

/**
 * Runs an exported model with ONNX Runtime: float32 batches in and out by name. The ORT environment
 * is shared by all runners (ORT allows one per process); each runner owns its session. CPU by
 * default; {@link #open(Path, boolean)} with {@code true} adds the CUDA execution provider when the
 * ORT build on the class path has it ({@code onnxruntime_gpu}) and otherwise stays on the CPU.
 * Sessions log at warning level.
 *
 * <pre>{@code
 * try (OnnxRunner decoder = OnnxRunner.open(Path.of("export/decoder.onnx"))) {
 *     float[] probs = decoder.run(Map.of("z", z)).get("probs");   // z: batch * latent floats
 * }
 * }</pre>
 */
public final class OnnxRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxRunner.class);

    private static final OrtEnvironment ENV =
            OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "vae4j");

    private final Path file;
    private final OrtSession session;
    private final String provider;
    private final Map<String, long[]> inputShapes = new LinkedHashMap<>();
    private final List<String> outputNames;
    private volatile boolean closed;

    private OnnxRunner(Path file, OrtSession session, String provider) throws OrtException {
        this.file = file;
        this.session = session;
        this.provider = provider;
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
                throw new IllegalArgumentException(
                        file + ": input '" + e.getKey() + "' is not a tensor");
            }
            inputShapes.put(e.getKey(), t.getShape());
        }
        this.outputNames = List.copyOf(session.getOutputNames());
    }

    /** Loads a model to run on the CPU. */
    public static OnnxRunner open(Path model) {
        return open(model, false);
    }

    /**
     * Loads a model.
     *
     * @param preferCuda use the CUDA execution provider (device 0) when it is available
     * @throws VaeException if ONNX Runtime cannot load the file
     */
    public static OnnxRunner open(Path model, boolean preferCuda) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING);
            String provider = "CPU";
            if (preferCuda && OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                options.addCUDA(0);
                provider = "CUDA";
            }
            OrtSession session = ENV.createSession(model.toString(), options);
            LOG.info("Opened {} in ONNX Runtime on the {} execution provider", model, provider);
            return new OnnxRunner(model, session, provider);
        } catch (OrtException e) {
            throw new VaeException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    /** Returns the execution provider the session was set up with: {@code CPU} or {@code CUDA}. */
    public String executionProvider() {
        return provider;
    }

    /** Returns the input names and shapes, {@code -1} where the size is symbolic (the batch). */
    public Map<String, long[]> inputs() {
        Map<String, long[]> copy = new LinkedHashMap<>();
        inputShapes.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** Returns the output names. */
    public List<String> outputNames() {
        return outputNames;
    }

    /** Returns the model's {@code metadata_props}. */
    public Map<String, String> metadata() {
        checkOpen();
        try {
            return Map.copyOf(session.getMetadata().getCustomMetadata());
        } catch (OrtException e) {
            throw new VaeException(
                    "Cannot read the metadata of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs one batch. Each input is row-major floats of shape {@code [batch, ...]}; the batch size
     * follows from the first input's length.
     *
     * @return every output, row-major, by name
     * @throws IllegalArgumentException if an input is missing, unknown, or of a length that does
     *     not fit its shape and the batch size
     */
    public Map<String, float[]> run(Map<String, float[]> inputs) {
        checkOpen();
        if (!inputs.keySet().equals(inputShapes.keySet())) {
            throw new IllegalArgumentException(
                    file.getFileName()
                            + " takes inputs "
                            + inputShapes.keySet()
                            + " but got "
                            + inputs.keySet());
        }
        long batch = -1;
        Map<String, ai.onnxruntime.OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, long[]> e : inputShapes.entrySet()) {
                float[] data = inputs.get(e.getKey());
                long[] shape = e.getValue().clone();
                long rest = 1;
                for (int a = 1; a < shape.length; a++) {
                    rest *= shape[a];
                }
                if (rest <= 0 || data.length % rest != 0) {
                    throw new IllegalArgumentException(
                            "Input '"
                                    + e.getKey()
                                    + "' has "
                                    + data.length
                                    + " values, not a multiple of its row size "
                                    + rest);
                }
                long rows = data.length / rest;
                if (batch >= 0 && rows != batch) {
                    throw new IllegalArgumentException(
                            "Input '"
                                    + e.getKey()
                                    + "' has "
                                    + rows
                                    + " rows but an earlier input has "
                                    + batch);
                }
                batch = rows;
                shape[0] = rows;
                feeds.put(
                        e.getKey(),
                        ai.onnxruntime.OnnxTensor.createTensor(ENV, FloatBuffer.wrap(data), shape));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    FloatBuffer buf = ((ai.onnxruntime.OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] values = new float[buf.remaining()];
                    buf.get(values);
                    out.put(e.getKey(), values);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new VaeException(
                    "ONNX Runtime failed to run " + file.getFileName() + ": " + e.getMessage(), e);
        } finally {
            OnnxValue.close(new ArrayList<>(feeds.values()));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The OnnxRunner for " + file + " is closed");
        }
    }

    /** Closes the session; idempotent. The shared environment stays open. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new VaeException("Cannot close the session of " + file, e);
            }
        }
    }

    @Override
    public String toString() {
        return "OnnxRunner[" + file + ", " + provider + (closed ? ", closed" : "") + "]";
    }
}
