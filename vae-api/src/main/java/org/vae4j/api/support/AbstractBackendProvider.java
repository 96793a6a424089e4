package org.vae4j.api.support;

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
 * The part of a {@link BackendProvider} every backend shares: its name and priority, the SPI
 * version, an empty device list while unavailable, and {@link #open} refusing with one-line
 * messages when the backend cannot run or the device does not exist. A backend supplies {@link
 * #probe()}, {@link #availableDevices()} and {@link #create(Device)}.
 */
public abstract class AbstractBackendProvider implements BackendProvider {
    private final String name;
    private final int priority;

    /** A provider registered under {@code name} with a selection {@code priority}. */
    protected AbstractBackendProvider(String name, int priority) {
        this.name = Objects.requireNonNull(name, "name");
        this.priority = priority;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int priority() {
        return priority;
    }

    /** Returns {@link SpiVersion#CURRENT}. */
    @Override
    public final String spiVersion() {
        return SpiVersion.CURRENT;
    }

    /** Returns the devices; called only once {@link #probe()} said the backend can run. */
    protected abstract List<Device> availableDevices();

    /** Opens the backend on a device that {@link #availableDevices()} lists. */
    protected abstract Backend create(Device device);

    /** Returns {@link #availableDevices()}, or nothing when the backend cannot run here. */
    @Override
    public final List<Device> devices() {
        return probe().available() ? availableDevices() : List.of();
    }

    /**
     * Opens the backend on one of {@link #devices()}.
     *
     * @throws BackendUnavailableException if the backend cannot run here
     * @throws IllegalArgumentException if the device does not exist here
     */
    @Override
    public final Backend open(Device device) {
        Objects.requireNonNull(device, "device");
        Availability availability = probe();
        if (!availability.available()) {
            throw new BackendUnavailableException(
                    "Backend '" + name + "' cannot run here: " + availability.reason());
        }
        List<Device> devices = availableDevices();
        if (!devices.contains(device)) {
            throw new IllegalArgumentException(
                    "Device "
                            + device
                            + " is not available to backend '"
                            + name
                            + "'; devices here: "
                            + devices.stream()
                                    .map(Device::toString)
                                    .collect(Collectors.joining(", ")));
        }
        return create(device);
    }
}
