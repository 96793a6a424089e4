package org.vae4j.core.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vae4j.core.io.JsonFields;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.HierarchicalVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.nn.Activation;

/** A checkpoint's {@code model} metadata: each architecture as a JSON object tagged by its type. */
final class ModelJson {
    private ModelJson() {}

    static Map<String, Object> write(ModelConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", config.type());
        if (config instanceof MlpVaeConfig c) {
            m.put("features", c.features());
            m.put("latent", c.latent());
            m.put("hidden", ints(c.hidden()));
            m.put("activation", c.activation().cliName());
        } else if (config instanceof ConvVaeConfig c) {
            m.put("image", ints(new int[] {c.channels(), c.height(), c.width()}));
            m.put("channels", ints(c.convChannels()));
            m.put("kernel", c.kernel());
            m.put("hidden", c.hidden());
            m.put("latent", c.latent());
            m.put("activation", c.activation().cliName());
            if (c.batchNorm()) {
                m.put("batch_norm", true);
            }
        } else if (config instanceof HierarchicalVaeConfig c) {
            m.put("features", c.features());
            m.put("latents", ints(c.latents()));
            List<Object> hidden = new ArrayList<>();
            for (int[] h : c.hidden()) {
                hidden.add(ints(h));
            }
            m.put("hidden", hidden);
            m.put("activation", c.activation().cliName());
        }
        m.put("likelihood", config.likelihood());
        if (config.conditions() > 0) {
            m.put("conditions", config.conditions());
        }
        return m;
    }

    /**
     * Reads an architecture.
     *
     * @throws IllegalArgumentException naming the field that is missing or invalid
     */
    static ModelConfig read(JsonFields f) {
        String type = f.requireString("type");
        Activation activation = Activation.parse(f.requireString("activation"));
        String likelihood = f.requireString("likelihood");
        int conditions = f.optionalInt("conditions", 0);
        return switch (type) {
            case "mlp" ->
                    new MlpVaeConfig(
                            f.requireInt("features"),
                            f.requireInt("latent"),
                            positiveInts(f, "hidden", -1),
                            activation,
                            likelihood,
                            conditions);
            case "conv" -> {
                int[] image = positiveInts(f, "image", 3);
                yield new ConvVaeConfig(
                        image[0],
                        image[1],
                        image[2],
                        positiveInts(f, "channels", -1),
                        f.requireInt("kernel"),
                        f.requireInt("hidden"),
                        f.requireInt("latent"),
                        activation,
                        likelihood,
                        conditions,
                        f.optionalBoolean("batch_norm", false));
            }
            case "hierarchical" -> {
                int[] latents = positiveInts(f, "latents", -1);
                List<Object> lists = f.requireList("hidden");
                int[][] hidden = new int[lists.size()][];
                for (int i = 0; i < hidden.length; i++) {
                    if (!(lists.get(i) instanceof List<?> list)) {
                        throw new IllegalArgumentException(
                                "model.hidden[" + i + "] is not a list of sizes");
                    }
                    hidden[i] = positiveInts(list, "hidden[" + i + "]", -1);
                }
                yield new HierarchicalVaeConfig(
                        f.requireInt("features"), latents, hidden, activation, likelihood);
            }
            default ->
                    throw new IllegalArgumentException(
                            "unknown model type '"
                                    + type
                                    + "' (expected mlp, conv or hierarchical)");
        };
    }

    private static List<Object> ints(int[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add(v);
        }
        return list;
    }

    /** A list of positive ints, of exactly {@code length} entries unless it is negative. */
    private static int[] positiveInts(JsonFields f, String key, int length) {
        return positiveInts(f.requireList(key), key, length);
    }

    private static int[] positiveInts(List<?> list, String key, int length) {
        if (length >= 0 && list.size() != length) {
            throw new IllegalArgumentException(
                    "model." + key + " has " + list.size() + " entries, not " + length);
        }
        int[] sizes = new int[list.size()];
        for (int i = 0; i < sizes.length; i++) {
            if (!(list.get(i) instanceof Long l) || l <= 0 || l > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "model." + key + "[" + i + "] is not a positive int");
            }
            sizes[i] = (int) (long) l;
        }
        return sizes;
    }
}
