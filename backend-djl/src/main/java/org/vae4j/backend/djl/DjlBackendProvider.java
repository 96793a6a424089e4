package org.vae4j.backend.djl;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.vae4j.api.Availability;
import org.vae4j.api.Backend;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.BackendUnavailableException;
import org.vae4j.api.SpiVersion;
import org.vae4j.api.tensor.Device;

/**
 * The provider of the DJL backend, {@code djl}: PyTorch's kernels through DJL, listed in {@code
 * META-INF/services}. Creating it and asking its name or priority loads no native code; {@link
 * #probe()} loads PyTorch once per JVM (offline: libtorch comes from the {@code pytorch-native-cpu}
 * jar) and remembers the outcome.
 *
 * <pre>{@code
 * try (Backend backend = new DjlBackendProvider().open(Device.CPU)) {
 *     System.out.println(backend.info());
 * }
 * }</pre>
 */
public final class DjlBackendProvider implements BackendProvider {
    /** The name users select this backend by. */
    public static final String NAME = "djl";

    private static final int PRIORITY = 10;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public DjlBackendProvider() {}

    /** Returns {@code djl}. */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * Returns 10: below nd4j's 20, which is the default CPU backend, so djl is chosen by name
     * ({@code -Dvae.backend=djl}) or when it is the only backend on the class path.
     */
    @Override
    public int priority() {
        return PRIORITY;
    }

    /** Returns {@link SpiVersion#CURRENT}. */
    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    /**
     * Loads PyTorch on the first call and returns whether that worked; a failure (no libtorch on
     * the class path and no download allowed, a native library that does not load) comes back as
     * the reason.
     */
    @Override
    public Availability probe() {
        return DjlRuntime.availability();
    }

    /** Returns {@code cpu}, then {@code cuda:0..N-1} when a CUDA build of libtorch sees GPUs. */
    @Override
    public List<Device> devices() {
        return DjlRuntime.availability().available() ? DjlRuntime.get().devices() : List.of();
    }

    /**
     * Opens the backend on one of {@link #devices()}.
     *
     * @throws BackendUnavailableException if PyTorch cannot run here
     * @throws IllegalArgumentException if the device does not exist here
     */
    @Override
    public Backend open(Device device) {
        Objects.requireNonNull(device, "device");
        Availability availability = DjlRuntime.availability();
        if (!availability.available()) {
            throw new BackendUnavailableException(
                    "Backend '" + NAME + "' cannot run here: " + availability.reason());
        }
        DjlRuntime runtime = DjlRuntime.get();
        if (!runtime.devices().contains(device)) {
            throw new IllegalArgumentException(
                    "Device "
                            + device
                            + " is not available to backend '"
                            + NAME
                            + "'; devices here: "
                            + runtime.devices().stream()
                                    .map(Device::toString)
                                    .collect(Collectors.joining(", ")));
        }
        return new DjlBackend(runtime, device);
    }
}
