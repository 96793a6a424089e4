package org.vae4j.api;

import java.util.List;
import org.vae4j.api.tensor.Device;

/**
 * The {@link java.util.ServiceLoader} interface through which vae4j finds backends. A backend jar
 * lists its implementation in {@code META-INF/services/org.vae4j.api.BackendProvider}.
 *
 * <p>A provider is cheap: its constructor, {@link #name()}, {@link #priority()} and {@link
 * #spiVersion()} load no native code. {@link #probe()} may load it to find out whether it works,
 * and reports failure as a value instead of throwing. {@link #open} does the expensive work.
 */
public interface BackendProvider {

    /** Returns the short, lower-case name users select the backend by, for example {@code nd4j}. */
    String name();

    /**
     * Returns the rank used when no backend is named: the available provider with the highest
     * priority wins, ties broken by name.
     */
    int priority();

    /** Returns the SPI version the backend was compiled against: {@code SpiVersion.CURRENT}. */
    String spiVersion();

    /** Returns whether the backend can run here and why not; must not throw. */
    Availability probe();

    /** Returns the devices the backend can open here, the default first; empty when unavailable. */
    List<Device> devices();

    /**
     * Opens the backend on a device.
     *
     * @throws IllegalArgumentException if the device is not one of {@link #devices()}; the message
     *     names the devices that exist
     * @throws BackendUnavailableException if the backend cannot run here
     */
    Backend open(Device device);
}
