package org.vae4j.backend.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.onnx.proto.Onnx.ModelProto;
import org.vae4j.core.Version;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.distributions.ContinuousBernoulli;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.distributions.Distribution;
import org.vae4j.core.distributions.Laplace;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.HierarchicalVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Parameter;

/**
 * Exports a trained VAE (MLP or convolutional) to three ONNX files (opset {@value OnnxGraph#OPSET},
 * IR version {@value OnnxGraph#IR_VERSION}), each with a symbolic batch dimension:
 *
 * <ul>
 *   <li>{@value #DECODER_FILE}: input {@code z [batch, latent]}; outputs the likelihood's
 *       parameters: {@code probs} and {@code logits} (Bernoulli), {@code mean} and {@code log_var}
 *       (Gaussian, fixed or learned), {@code logits} and {@code mean} (continuous Bernoulli),
 *       {@code loc} and {@code log_scale} (Laplace), else {@code mean};
 *   <li>{@value #ENCODER_FILE}: input {@code x [batch, features]}; outputs {@code mu} and {@code
 *       log_var};
 *   <li>{@value #SAMPLER_FILE}: inputs {@code x} and {@code eps [batch, latent]}; output {@code z =
 *       mu + exp(0.5 log_var) eps}.
 * </ul>
 *
 * <p>A conditional model's three files also take {@code c [batch, conditions]}, after {@code z} or
 * {@code x}: the one-hot label (or other condition) of each row.
 *
 * <p>The export traces the real forward code: it builds the same architecture on an {@link
 * OnnxBackend}, puts the trained values into its parameters (which are initializers there) and runs
 * the encoder and decoder on symbolic inputs. Metadata ({@code metadata_props}) records the vae4j
 * version, latent size, likelihood, the inputs' and outputs' names and shapes, and every provenance
 * entry under {@code provenance.<key>}.
 */
public final class OnnxExport {
    /** The decoder's file name. */
    public static final String DECODER_FILE = "decoder.onnx";

    /** The encoder's file name. */
    public static final String ENCODER_FILE = "encoder.onnx";

    /** The sampler's file name. */
    public static final String SAMPLER_FILE = "sampler.onnx";

    /** The ONNX operator set the files use. */
    public static final int OPSET = OnnxGraph.OPSET;

    /** The ONNX IR version of the files. */
    public static final int IR_VERSION = OnnxGraph.IR_VERSION;

    private static final Logger LOG = LoggerFactory.getLogger(OnnxExport.class);

    private OnnxExport() {}

    /**
     * Writes {@value #DECODER_FILE}, {@value #ENCODER_FILE} and {@value #SAMPLER_FILE} into {@code
     * outDir} (created if missing), each atomically.
     *
     * @param vae the trained model, built from {@code config} on a backend that can read values
     * @param config its architecture
     * @param provenance recorded as {@code provenance.<key>} metadata
     * @return the files written, in the order above
     * @throws IllegalArgumentException if the model's parameters do not match {@code config}
     * @throws UnsupportedOperationException naming an op the exporter cannot lower
     * @throws UncheckedIOException if writing fails; earlier files of this call may then exist
     */
    public static List<Path> export(
            Vae vae, ModelConfig config, Map<String, String> provenance, Path outDir) {
        List<Path> written = new ArrayList<>();
        Map<String, ModelProto> models = trace(vae, config, provenance, DEFAULT_LOWERINGS);
        try {
            Files.createDirectories(outDir);
            for (Map.Entry<String, ModelProto> m : models.entrySet()) {
                Path file = outDir.resolve(m.getKey());
                AtomicFiles.write(file, out -> m.getValue().writeTo(out));
                written.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write ONNX files to " + outDir, e);
        }
        LOG.info("Exported {} {} to {}", config.summary(), models.keySet(), outDir);
        return written;
    }

    /**
     * Exports a model restored from a checkpoint, with the architecture it records; its provenance
     * and epoch become the files' {@code provenance.*} metadata.
     *
     * @see #export(Vae, ModelConfig, Map, Path)
     */
    public static List<Path> export(Restored restored, Path outDir) {
        Map<String, String> provenance = new LinkedHashMap<>(restored.info().provenance());
        provenance.put("epoch", String.valueOf(restored.info().epoch()));
        return export(restored.vae(), restored.info().model(), provenance, outDir);
    }

    /** Lowerings to use; all of them outside tests. */
    static final Set<Op> DEFAULT_LOWERINGS = EnumSet.allOf(Op.class);

    /** Traces the three models; file name to model, in write order. */
    static Map<String, ModelProto> trace(
            Vae vae, ModelConfig config, Map<String, String> provenance, Set<Op> lowerings) {
        if (!vae.backend().supports(Capability.READ_VALUES)) {
            throw new IllegalArgumentException(
                    "The model lives on backend '"
                            + vae.backend().name()
                            + "', whose values cannot be read (it lacks READ_VALUES); export a"
                            + " model trained on a computing backend");
        }
        DType dtype = vae.dtype();
        Map<String, double[]> trained = new LinkedHashMap<>();
        vae.stateDict().forEach((name, t) -> trained.put(name, t.toDoubles()));

        try (OnnxBackend onnx = OnnxBackend.withLowerings(exampleBatch(config), lowerings);
                NoGrad off = NoGrad.enter()) {
            Vae traced = config.build(Init.on(onnx, dtype, Rng.seeded(0)));
            traced.train(false); // batch norm from its running statistics
            Map<String, String> initializerNames = loadTrained(onnx, traced, trained);
            OnnxGraph g = onnx.graph();

            Tensor z = onnx.input("z", dtype, config.latent());
            Tensor x = onnx.input("x", dtype, config.features());
            Tensor eps = onnx.input("eps", dtype, config.latent());
            boolean conditional = config.conditions() > 0;
            Tensor c = conditional ? onnx.input("c", dtype, config.conditions()) : null;
            Variable cv = conditional ? Variable.constant(c) : null;

            Distribution px = traced.decoder().decode(Variable.constant(z), cv);
            Map<String, Tensor> decOut = likelihoodOutputs(px);

            Distribution qz = traced.encoder().encode(Variable.constant(x), cv);
            if (!(qz instanceof DiagonalGaussian q)) {
                throw new IllegalArgumentException(
                        "Only Gaussian encoders can be exported, but the encoder returns "
                                + qz.getClass().getSimpleName());
            }
            Map<String, Tensor> encOut = new LinkedHashMap<>();
            encOut.put("mu", q.mean().value());
            encOut.put("log_var", q.logVar().value());

            Variable sample = q.mean().add(q.logVar().mul(0.5).exp().mul(Variable.constant(eps)));
            Map<String, Tensor> samOut = Map.of("z", sample.value());

            Map<String, String> common = new LinkedHashMap<>();
            common.put("vae4j.version", Version.get());
            common.put("vae4j.features", String.valueOf(config.features()));
            common.put("vae4j.latent", String.valueOf(config.latent()));
            common.putAll(architecture(config));
            common.put("vae4j.likelihood", config.likelihood());
            if (conditional) {
                common.put("vae4j.conditions", String.valueOf(config.conditions()));
            }
            common.put("vae4j.dtype", dtype.toString());

            Map<String, ModelProto> models = new LinkedHashMap<>();
            models.put(
                    DECODER_FILE,
                    model(
                            onnx,
                            "decoder",
                            conditional ? List.of(z, c) : List.of(z),
                            conditional ? List.of("z", "c") : List.of("z"),
                            decOut,
                            initializerNames,
                            common,
                            provenance));
            models.put(
                    ENCODER_FILE,
                    model(
                            onnx,
                            "encoder",
                            conditional ? List.of(x, c) : List.of(x),
                            conditional ? List.of("x", "c") : List.of("x"),
                            encOut,
                            initializerNames,
                            common,
                            provenance));
            models.put(
                    SAMPLER_FILE,
                    model(
                            onnx,
                            "sampler",
                            conditional ? List.of(x, c, eps) : List.of(x, eps),
                            conditional ? List.of("x", "c", "eps") : List.of("x", "eps"),
                            samOut,
                            initializerNames,
                            common,
                            provenance));
            return models;
        }
    }

    /** The metadata that describes each kind of architecture. */
    private static Map<String, String> architecture(ModelConfig config) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("vae4j.architecture", config.type());
        if (config instanceof MlpVaeConfig c) {
            m.put("vae4j.hidden", Arrays.toString(c.hidden()));
            m.put("vae4j.activation", c.activation().cliName());
        } else if (config instanceof ConvVaeConfig c) {
            m.put("vae4j.image", c.channels() + "x" + c.height() + "x" + c.width());
            m.put("vae4j.channels", Arrays.toString(c.convChannels()));
            m.put("vae4j.kernel", String.valueOf(c.kernel()));
            m.put("vae4j.hidden", String.valueOf(c.hidden()));
            m.put("vae4j.activation", c.activation().cliName());
        } else if (config instanceof HierarchicalVaeConfig c) {
            m.put("vae4j.latents", Arrays.toString(c.latents()));
            m.put("vae4j.hidden", Arrays.deepToString(c.hidden()));
            m.put("vae4j.activation", c.activation().cliName());
        }
        return m;
    }

    /** Picks an example batch size that divides no layer size, so that only batch axes carry it. */
    static int exampleBatch(ModelConfig config) {
        List<Integer> sizes = new ArrayList<>(List.of(2 * config.features()));
        Arrays.stream(config.layerSizes()).forEach(sizes::add);
        int b = OnnxBackend.DEFAULT_EXAMPLE_BATCH;
        while (true) {
            int candidate = b;
            if (sizes.stream().noneMatch(s -> s % candidate == 0)) {
                return b;
            }
            b += 2;
        }
    }

    /** Writes the trained values into the traced model's initializers; returns their names. */
    private static Map<String, String> loadTrained(
            OnnxBackend onnx, Vae traced, Map<String, double[]> trained) {
        Map<String, Parameter> params = traced.namedParameters();
        params.putAll(traced.namedBuffers());
        Set<String> missing = new TreeSet<>(params.keySet());
        missing.removeAll(trained.keySet());
        Set<String> unexpected = new TreeSet<>(trained.keySet());
        unexpected.removeAll(params.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(
                    "The model does not match its config: missing "
                            + missing
                            + ", unexpected "
                            + unexpected);
        }
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
            String value = onnx.valueName(p.getValue().value());
            double[] data = trained.get(p.getKey());
            if (data.length != p.getValue().shape().sizeAsInt()) {
                throw new IllegalArgumentException(
                        "Parameter '"
                                + p.getKey()
                                + "' has "
                                + data.length
                                + " values but the config gives it shape "
                                + p.getValue().shape());
            }
            onnx.graph().setInitializer(value, data);
            names.put(value, p.getKey());
        }
        return names;
    }

    /** The decoder's outputs for each likelihood family, by ONNX output name. */
    private static Map<String, Tensor> likelihoodOutputs(Distribution px) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (px instanceof Bernoulli b) {
            out.put("probs", b.probs().value());
            out.put("logits", b.logits().value());
        } else if (px instanceof DiagonalGaussian g) {
            out.put("mean", g.mean().value());
            out.put("log_var", g.logVar().value());
        } else if (px instanceof ContinuousBernoulli c) {
            out.put("logits", c.logits().value());
            out.put("mean", c.mean().value());
        } else if (px instanceof Laplace l) {
            out.put("loc", l.mean().value());
            out.put("log_scale", l.logScale().value());
        } else {
            out.put("mean", px.mean().value());
        }
        return out;
    }

    private static ModelProto model(
            OnnxBackend onnx,
            String name,
            List<Tensor> inputs,
            List<String> inputNames,
            Map<String, Tensor> outputs,
            Map<String, String> initializerNames,
            Map<String, String> common,
            Map<String, String> provenance) {
        OnnxGraph g = onnx.graph();
        Map<String, String> outValues = new LinkedHashMap<>();
        outputs.forEach((k, t) -> outValues.put(k, onnx.valueName(t)));
        Map<String, String> meta = new LinkedHashMap<>(common);
        meta.put("vae4j.model", name);
        meta.put("vae4j.inputs", signatures(g, inputNames, inputs, onnx));
        meta.put(
                "vae4j.outputs",
                signatures(
                        g,
                        new ArrayList<>(outputs.keySet()),
                        new ArrayList<>(outputs.values()),
                        onnx));
        provenance.forEach((k, v) -> meta.put("provenance." + k, v));
        return g.model(name, inputNames, outValues, initializerNames, meta, Version.get());
    }

    private static String signatures(
            OnnxGraph g, List<String> names, List<Tensor> tensors, OnnxBackend onnx) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            parts.add(names.get(i) + ":" + g.signature(g.value(onnx.valueName(tensors.get(i)))));
        }
        return parts.stream().collect(Collectors.joining(";"));
    }
}
