package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.api.Backend;
import org.vae4j.api.VaeException;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.export.Exporters;
import org.vae4j.core.export.ModelExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae export}: writes a trained run in another format; for {@code onnx}, {@code
 * decoder.onnx}, {@code encoder.onnx} and {@code sampler.onnx}.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a trained model (onnx: decoder, encoder and sampler graphs).")
public final class ExportCommand implements Callable<Integer> {
    private final Console console;

    @Mixin ModelOptions model;
    @Mixin BackendOptions backendOptions;
    private final Provider<Backend> backends;

    @Option(
            names = "--format",
            paramLabel = "NAME",
            description = "Export format (default: ${DEFAULT-VALUE}).")
    String format = "onnx";

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "Directory to write the files into.")
    Path out;

    @Inject
    ExportCommand(Console console, Provider<Backend> backends) {
        this.backends = backends;
        this.console = console;
    }

    @Override
    public Integer call() {
        OutputPaths.notEmpty(out);
        ModelExporter exporter;
        try {
            exporter = Exporters.find(format);
        } catch (VaeException e) {
            throw new UsageException(e.getMessage());
        }
        Backend backend = backends.get();
        try (Restored run = model.load(backend)) {
            Map<String, String> provenance = new LinkedHashMap<>(run.info().provenance());
            provenance.put("run", model.model.toAbsolutePath().normalize().toString());
            provenance.put("epoch", String.valueOf(run.info().epoch()));
            List<Path> files = exporter.export(run.vae(), run.info().model(), provenance, out);
            files.forEach(f -> console.out().println("Wrote " + f));
        }
        return 0;
    }
}
