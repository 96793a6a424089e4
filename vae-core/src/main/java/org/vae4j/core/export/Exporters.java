package org.vae4j.core.export;

import java.util.Locale;
import java.util.ServiceLoader;
import org.vae4j.api.VaeException;

/** Finds a {@link ModelExporter} on the class path by format name. */
public final class Exporters {
    private Exporters() {}

    /**
     * Returns the exporter for {@code format} (case-insensitive).
     *
     * @throws VaeException if none is on the class path
     */
    public static ModelExporter find(String format) {
        String wanted = format.trim().toLowerCase(Locale.ROOT);
        for (ModelExporter e : ServiceLoader.load(ModelExporter.class)) {
            if (e.format().toLowerCase(Locale.ROOT).equals(wanted)) {
                return e;
            }
        }
        throw new VaeException(
                "No exporter for format '"
                        + format
                        + "' on the class path; add its module (for onnx: org.vae4j:backend-onnx)");
    }
}
