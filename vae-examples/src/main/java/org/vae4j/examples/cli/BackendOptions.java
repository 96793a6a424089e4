package org.vae4j.examples.cli;

import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
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
        return Backends.open(backend, device == null ? null : Device.parse(device));
    }
}
