package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.api.VaeException;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.export.Exporters;
import org.vae4j.core.export.ModelExporter;
import org.vae4j.examples.run.ForeignFiles;
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
    private final BackendChoice backends;

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

    @Option(
            names = "--force",
            description =
                    "Replace the files of an earlier export in --out, and write beside files"
                            + " vae4j did not write.")
    boolean force;

    @Inject
    ExportCommand(Console console, BackendChoice backends) {
        this.backends = backends;
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        OutputPaths.notEmpty(out);
        ModelExporter exporter;
        try {
            exporter = Exporters.find(format);
        } catch (VaeException e) {
            throw new UsageException(e.getMessage());
        }
        if (!force) {
            requireNothingReplaced(exporter);
        }
        try (Restored run = model.load(backends)) {
            Map<String, String> provenance = new LinkedHashMap<>(run.info().provenance());
            provenance.put("run", runSeenFromOut());
            provenance.put("epoch", String.valueOf(run.info().epoch()));
            List<Path> files = exporter.export(run.vae(), run.info().model(), provenance, out);
            files.forEach(f -> console.out().println("Wrote " + f));
        }
        return 0;
    }

    /** Refuses an --out that holds an earlier export or files vae4j did not write. */
    private void requireNothingReplaced(ModelExporter exporter) throws IOException {
        List<String> earlier =
                exporter.fileNames().stream().filter(n -> Files.exists(out.resolve(n))).toList();
        if (!earlier.isEmpty()) {
            throw new IllegalStateException(
                    out
                            + " already holds "
                            + String.join(", ", earlier)
                            + " of an earlier export. Add --force to replace them, or choose"
                            + " another --out");
        }
        ForeignFiles.refuse(out, "write the export beside them");
    }

    /**
     * The run directory's path relative to the export's, so that the files name their run without
     * recording where either lies on this machine ({@code /} between names on every system); the
     * run's name alone where no relative path leads there (another drive).
     */
    private String runSeenFromOut() {
        Path run = model.model.toAbsolutePath().normalize();
        Path from = out.toAbsolutePath().normalize();
        return from.getRoot() != null && from.getRoot().equals(run.getRoot())
                ? from.relativize(run).toString().replace(File.separatorChar, '/')
                : String.valueOf(run.getFileName());
    }
}
