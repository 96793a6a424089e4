/**
 * Exporting trained models to other formats. The core defines only the {@link
 * org.vae4j.core.export.ModelExporter} service interface and finds implementations with {@link
 * org.vae4j.core.export.Exporters#find}; the exporters themselves (ONNX in {@code backend-onnx})
 * are on the class path or not.
 */
package org.vae4j.core.export;
