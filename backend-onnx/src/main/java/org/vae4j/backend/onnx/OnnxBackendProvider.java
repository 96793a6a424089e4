package org.vae4j.backend.onnx;

import java.util.List;
import org.vae4j.api.Availability;
import org.vae4j.api.Backend;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.SpiVersion;
import org.vae4j.api.tensor.Device;

/**
 * The provider of the exporting {@link OnnxBackend}, {@code onnx}, listed in {@code
 * META-INF/services} so that it can be opened by name. Its priority is 0: discovery never picks it
 * by default, so it never ends up training (it cannot: it lacks {@code TRAINING} and {@code
 * READ_VALUES}).
 */
public final class OnnxBackendProvider implements BackendProvider {

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public OnnxBackendProvider() {}

    /** Returns {@code onnx}. */
    @Override
    public String name() {
        return OnnxBackend.NAME;
    }

    /** Returns 0: used only when named. */
    @Override
    public int priority() {
        return 0;
    }

    /** Returns {@link SpiVersion#CURRENT}. */
    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    /** Always available: recording needs no native code. */
    @Override
    public Availability probe() {
        return Availability.ok();
    }

    /** Returns {@code cpu}: the recording lives in the JVM. */
    @Override
    public List<Device> devices() {
        return List.of(Device.CPU);
    }

    /** Opens a backend with an empty recording. */
    @Override
    public Backend open(Device device) {
        if (!devices().contains(device)) {
            throw new IllegalArgumentException(
                    "Backend '"
                            + name()
                            + "' cannot open device "
                            + device
                            + "; the devices here are "
                            + devices());
        }
        return OnnxBackend.create();
    }
}
