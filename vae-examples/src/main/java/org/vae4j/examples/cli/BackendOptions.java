package org.vae4j.examples.cli;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.Capability;
import org.vae4j.api.tensor.Device;
import picocli.CommandLine.Option;

/** The {@code --backend} and {@code --device} options that commands running a model share. */
public final class BackendOptions {
    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description =
                    "Backend to run on; default: -Dvae.backend, $VAE_BACKEND, else the backend a"
                            + " run was trained on, or for a new run the fastest for its model"
                            + " here (see 'vae backends').")
    String backend;

    @Option(
            names = "--device",
            paramLabel = "cpu|cuda:N",
            description = "Device to run on; default: the backend's first device.")
    String device;

    /**
     * Opens the chosen backend on the chosen device.
     *
     * @throws UsageException if the name or device is unknown, or the backend cannot compute and
     *     train, which every command that takes these options needs
     */
    Backend open() {
        return open(backend);
    }

    /**
     * Returns whether {@code --backend}, {@code -Dvae.backend} or {@code $VAE_BACKEND} names one.
     */
    boolean named() {
        return !blank(backend)
                || !blank(System.getProperty("vae.backend"))
                || !blank(System.getenv("VAE_BACKEND"));
    }

    /**
     * Returns the device {@code --device} names, or null for each backend's first.
     *
     * @throws UsageException if it names no device
     */
    Device device() {
        try {
            return device == null ? null : Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Opens the backend {@code name} (null: as {@link Backends#open} selects) on the chosen device.
     *
     * @throws UsageException if the name or device is unknown, or the backend cannot compute and
     *     train
     */
    Backend open(String name) {
        Device d = device();
        if (name != null && !Backends.names().contains(name)) {
            throw new UsageException(
                    "unknown backend '"
                            + name
                            + "'; the backends here are "
                            + String.join(", ", Backends.names())
                            + " (see 'vae backends')");
        }
        Backend opened = Backends.open(name, d);
        List<Capability> missing =
                Stream.of(Capability.READ_VALUES, Capability.TRAINING)
                        .filter(c -> !opened.supports(c))
                        .toList();
        if (!missing.isEmpty()) {
            opened.close();
            throw new UsageException(
                    "--backend "
                            + opened.name()
                            + " cannot run a model: it lacks "
                            + missing.stream().map(Enum::name).collect(Collectors.joining(" and "))
                            + " (a backend that records graphs is for 'vae export'). Choose a"
                            + " backend that computes (see 'vae backends')");
        }
        return opened;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
