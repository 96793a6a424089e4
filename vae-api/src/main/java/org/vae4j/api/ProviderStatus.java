package org.vae4j.api;

import java.util.List;
import java.util.stream.Collectors;
import org.vae4j.api.tensor.Device;

/**
 * What discovery learned about one provider on the class path: one line of the report that {@link
 * Backends#report()} prints and that selection errors include.
 *
 * @param name the provider's name, or {@code ?} if it could not even be loaded
 * @param priority its priority (0 if unknown)
 * @param providerClass the implementation class name, or the service entry that failed
 * @param availability whether it can run here, and why not
 * @param devices the devices it can open (empty when unavailable)
 */
public record ProviderStatus(
        String name,
        int priority,
        String providerClass,
        Availability availability,
        List<Device> devices) {

    /** Copies the device list. */
    public ProviderStatus {
        devices = List.copyOf(devices);
    }

    /** Returns whether the provider can be opened here. */
    public boolean available() {
        return availability.available();
    }

    /** Returns the report line, for example {@code nd4j priority 20 available (cpu)}. */
    public String describe() {
        String state =
                available()
                        ? "available ("
                                + devices.stream()
                                        .map(Device::toString)
                                        .collect(Collectors.joining(", "))
                                + ")"
                        : availability.toString();
        return String.format("%-6s priority %-3d %s", name, priority, state);
    }
}
