package org.vae4j.examples.cli;

import java.util.stream.Collectors;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.ProviderStatus;
import org.vae4j.api.tensor.Device;
import picocli.CommandLine.Option;

/** The {@code --backend} and {@code --device} options that commands running a model share. */
public final class BackendOptions {
    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description =
                    "Backend to run on (see 'vae backends'); default: -Dvae.backend, $VAE_BACKEND,"
                            + " else the available backend of highest priority.")
    String backend;

    @Option(
            names = "--device",
            paramLabel = "cpu|cuda:N",
            description = "Device to run on; default: the backend's first device.")
    String device;

    /** Opens the chosen backend on the chosen device. */
    Backend open() {
        Device d;
        try {
            d = device == null ? null : Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (backend != null
                && Backends.providers().stream().noneMatch(p -> p.name().equals(backend))) {
            throw new UsageException(
                    "unknown backend '"
                            + backend
                            + "'; the backends here are "
                            + Backends.providers().stream()
                                    .map(ProviderStatus::name)
                                    .collect(Collectors.joining(", "))
                            + " (see 'vae backends')");
        }
        return Backends.open(backend, d);
    }
}
