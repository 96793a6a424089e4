package org.vae4j.backend.nd4j;

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
 * The provider of the ND4J backend, {@code nd4j}, listed in {@code META-INF/services}. Creating it
 * and asking its name or priority loads no native code; {@link #probe()} loads ND4J once per JVM
 * and remembers the outcome.
 *
 * <pre>{@code
 * try (Backend backend = new Nd4jBackendProvider().open(Device.CPU)) {
 *     System.out.println(backend.info());
 * }
 * }</pre>
 */
public final class Nd4jBackendProvider implements BackendProvider {
    /** The name users select this backend by. */
    public static final String NAME = "nd4j";

    private static final int PRIORITY = 20;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public Nd4jBackendProvider() {}

    /** Returns {@code nd4j}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Returns 20: preferred when no backend is named and ND4J can run. */
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
     * Loads ND4J on the first call and returns whether that worked; a failure (a missing native
     * library, a CPU without the instructions of the native build) comes back as the reason.
     */
    @Override
    public Availability probe() {
        return Nd4jRuntime.availability();
    }

    /** Returns {@code cpu} on the CPU build, {@code cuda:0..N-1} on the CUDA build. */
    @Override
    public List<Device> devices() {
        return Nd4jRuntime.availability().available() ? Nd4jRuntime.get().devices() : List.of();
    }

    /**
     * Opens the backend on one of {@link #devices()}.
     *
     * @throws BackendUnavailableException if ND4J cannot run here
     * @throws IllegalArgumentException if the device does not exist here
     */
    @Override
    public Backend open(Device device) {
        Objects.requireNonNull(device, "device");
        Availability availability = Nd4jRuntime.availability();
        if (!availability.available()) {
            throw new BackendUnavailableException(
                    "Backend '" + NAME + "' cannot run here: " + availability.reason());
        }
        Nd4jRuntime runtime = Nd4jRuntime.get();
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
        return new Nd4jBackend(runtime, device);
    }
}
