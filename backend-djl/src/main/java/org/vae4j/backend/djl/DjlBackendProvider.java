package org.vae4j.backend.djl;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Availability;
import org.vae4j.api.Backend;
import org.vae4j.api.support.AbstractBackendProvider;
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
public final class DjlBackendProvider extends AbstractBackendProvider {
    /** The name users select this backend by. */
    public static final String NAME = "djl";

    /**
     * Below nd4j's 20, which is the default CPU backend: djl is chosen by name ({@code
     * -Dvae.backend=djl}) or when it is the only backend on the class path.
     */
    private static final int PRIORITY = 10;

    private static final Logger LOG = LoggerFactory.getLogger(DjlBackendProvider.class);

    private final DjlThreads threads; // null: the runtime's policy
    private final DjlBlas blas; // null: PyTorch's products, unless fromSettings
    private final DjlHost host; // null: PyTorch's elementwise kernels, unless fromSettings
    private final boolean fromSettings;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public DjlBackendProvider() {
        this(null, null, null, true);
    }

    /**
     * A provider whose backends take their thread counts from {@code threads} and leave products
     * and elementwise expressions to PyTorch (tests).
     */
    DjlBackendProvider(DjlThreads threads) {
        this(threads, null, null, false);
    }

    /**
     * A provider whose backends run their products with {@code blas} and their elementwise
     * expressions with {@code host} (tests).
     */
    DjlBackendProvider(DjlBlas blas, DjlHost host) {
        this(null, blas, host, false);
    }

    private DjlBackendProvider(
            DjlThreads threads, DjlBlas blas, DjlHost host, boolean fromSettings) {
        super(NAME, PRIORITY);
        this.threads = threads;
        this.blas = blas;
        this.host = host;
        this.fromSettings = fromSettings;
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
    protected List<Device> availableDevices() {
        return DjlRuntime.get().devices();
    }

    @Override
    protected Backend create(Device device) {
        LOG.info("Opening backend {} on {}", NAME, device);
        DjlRuntime runtime = DjlRuntime.get();
        return new DjlBackend(
                runtime,
                device,
                threads != null ? threads : runtime.threads(),
                fromSettings ? DjlBlas.fromSettings() : blas,
                fromSettings ? DjlHost.fromSettings(System.getProperty(DjlHost.PROPERTY)) : host);
    }
}
