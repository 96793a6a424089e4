package org.vae4j.core.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;

/**
 * Writes a trained VAE in another format. Implementations are found with {@link
 * java.util.ServiceLoader} (list them in {@code META-INF/services}) and need a public no-argument
 * constructor.
 */
public interface ModelExporter {

    /** Returns the format name users ask for, for example {@code onnx}. */
    String format();

    /**
     * Returns the names of the files {@link #export} writes into its directory, so that a caller
     * can see what an export would replace before it runs.
     */
    List<String> fileNames();

    /**
     * Writes the model's files into {@code outDir} (created if missing), each atomically.
     *
     * @param vae the trained model; its backend must be able to read values
     * @param config its architecture
     * @param provenance where the model came from (checkpoint, data, run), recorded in the files
     * @return the files written
     */
    List<Path> export(Vae vae, ModelConfig config, Map<String, String> provenance, Path outDir);
}
