package org.vae4j.backend.reference;

import java.util.List;
import java.util.Set;
import org.vae4j.api.Availability;
import org.vae4j.api.Backend;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.Capability;
import org.vae4j.api.SpiVersion;
import org.vae4j.api.tensor.Device;

/**
 * The provider of the {@link ReferenceBackend}, so that the conformance suite can run on it. It is
 * deliberately not listed in {@code META-INF/services}: the reference is an oracle for tests, and
 * discovery must never pick it to train.
 */
public final class ReferenceBackendProvider implements BackendProvider {
    private final Set<Capability> capabilities;

    /** A provider whose backends declare every capability in {@link ReferenceBackend#ALL}. */
    public ReferenceBackendProvider() {
        this(ReferenceBackend.ALL);
    }

    /**
     * A provider whose backends declare only some capabilities; see {@link
     * ReferenceBackend#create(Set)}.
     */
    public ReferenceBackendProvider(Set<Capability> capabilities) {
        this.capabilities = Set.copyOf(capabilities);
    }

    @Override
    public String name() {
        return ReferenceBackend.NAME;
    }

    /** Returns 0: were it ever discovered, it would be used only when named. */
    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public Availability probe() {
        return Availability.ok();
    }

    @Override
    public List<Device> devices() {
        return List.of(Device.CPU);
    }

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
        return ReferenceBackend.create(capabilities);
    }
}
