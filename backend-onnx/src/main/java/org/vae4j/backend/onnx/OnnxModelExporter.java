package org.vae4j.backend.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vae4j.core.export.ModelExporter;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;

/**
 * The {@code onnx} {@link ModelExporter}, listed in {@code META-INF/services}, so that code without
 * a compile-time dependency on this module reaches {@link OnnxExport} through {@code
 * Exporters.find("onnx")}.
 */
public final class OnnxModelExporter implements ModelExporter {

    /** Creates the exporter; ServiceLoader calls this. */
    public OnnxModelExporter() {}

    /** Returns {@code onnx}. */
    @Override
    public String format() {
        return "onnx";
    }

    /** Returns the decoder's, encoder's and sampler's file names. */
    @Override
    public List<String> fileNames() {
        return List.of(OnnxExport.DECODER_FILE, OnnxExport.ENCODER_FILE, OnnxExport.SAMPLER_FILE);
    }

    /** Delegates to {@link OnnxExport#export}. */
    @Override
    public List<Path> export(
            Vae vae, ModelConfig config, Map<String, String> provenance, Path outDir) {
        return OnnxExport.export(vae, config, provenance, outDir);
    }
}
