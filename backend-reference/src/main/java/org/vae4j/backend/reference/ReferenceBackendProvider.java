package org.vae4j.backend.reference;

import java.util.List;
import java.util.Set;
import org.vae4j.api.Availability;
import org.vae4j.api.Backend;
import org.vae4j.api.Capability;
import org.vae4j.api.support.AbstractBackendProvider;
import org.vae4j.api.tensor.Device;

/**
 * The provider of the {@link ReferenceBackend}, so that the conformance suite can run on it. It is
 * deliberately not listed in {@code META-INF/services}: the reference is an oracle for tests, and
 * discovery must never pick it to train.
 */
public final class ReferenceBackendProvider extends AbstractBackendProvider {
    private final Set<Capability> capabilities;

    /** A provider whose backends declare every capability in {@link ReferenceBackend#ALL}. */
    public ReferenceBackendProvider() {
        this(ReferenceBackend.ALL);
    }

    /**
     * A provider whose backends declare only some capabilities; see {@link
     * ReferenceBackend#create(Set)}. Its priority is 0: were it ever discovered, it would be used
     * only when named.
     */
    public ReferenceBackendProvider(Set<Capability> capabilities) {
        super(ReferenceBackend.NAME, 0);
        this.capabilities = Set.copyOf(capabilities);
    }

    @Override
    public Availability probe() {
        return Availability.ok();
    }

    @Override
    protected List<Device> availableDevices() {
        return List.of(Device.CPU);
    }

    @Override
    protected Backend create(Device device) {
        return ReferenceBackend.create(capabilities);
    }
}
