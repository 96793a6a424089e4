package org.vae4j.backend.nd4j;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Availability;
import org.vae4j.api.Backend;
import org.vae4j.api.support.AbstractBackendProvider;
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
public final class Nd4jBackendProvider extends AbstractBackendProvider {
    /** The name users select this backend by. */
    public static final String NAME = "nd4j";

    /** Preferred when no backend is named and ND4J can run. */
    private static final int PRIORITY = 20;

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jBackendProvider.class);

    /** How backends spread host work over cores; null for the runtime's defaults. */
    private final Nd4jHostWork host;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public Nd4jBackendProvider() {
        this(null);
    }

    /** Creates a provider whose backends spread host work as {@code host} says (tests). */
    Nd4jBackendProvider(Nd4jHostWork host) {
        super(NAME, PRIORITY);
        this.host = host;
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
    protected List<Device> availableDevices() {
        return Nd4jRuntime.get().devices();
    }

    @Override
    protected Backend create(Device device) {
        LOG.info("Opening backend {} on {}", NAME, device);
        Nd4jRuntime runtime = Nd4jRuntime.get();
        return new Nd4jBackend(runtime, device, host == null ? runtime.hostWork() : host);
    }
}
