package org.vae4j.api;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.vae4j.api.internal.ProviderRegistry;
import org.vae4j.api.tensor.Device;

/**
 * Finds backends through {@link ServiceLoader} and selects one, in this order:
 *
 * <ol>
 *   <li>the name passed to {@link #select(String)} or {@link #open(String, Device)};
 *   <li>the system property {@code vae.backend};
 *   <li>the environment variable {@code VAE_BACKEND};
 *   <li>the available provider with the highest priority, ties broken by name. Providers with a
 *       priority of 0 or less (export-only backends) are used only when named.
 * </ol>
 *
 * <p>Discovery runs once, on first use, and survives broken provider jars; {@link #reset()} forgets
 * it. A provider is probed, its native libraries loaded, only when it is first needed: opening a
 * backend by name loads no other backend's. When selection fails, the {@link
 * BackendUnavailableException}'s first line says what is wrong and how to fix it, followed by one
 * line per provider found.
 *
 * <pre>{@code
 * try (Backend backend = Backends.open()) {       // or Backends.open("djl", Device.parse("cuda:0"))
 *     System.out.println(backend.name() + " on " + backend.device());
 * }
 * }</pre>
 */
public final class Backends {
    private static final ProviderRegistry REGISTRY =
            new ProviderRegistry(
                    () -> ServiceLoader.load(BackendProvider.class).iterator(),
                    System::getProperty,
                    System::getenv);

    private Backends() {}

    /** Returns every provider found, in selection order, each probed (its native code loaded). */
    public static List<ProviderStatus> providers() {
        return REGISTRY.statuses();
    }

    /** Returns the names of the providers found, in selection order, without probing any. */
    public static List<String> names() {
        return REGISTRY.names();
    }

    /** Returns the status of the provider named {@code name}, probing only that one. */
    public static Optional<ProviderStatus> status(String name) {
        return REGISTRY.status(name);
    }

    /** Selects a provider by the property, the environment, or priority. */
    public static BackendProvider select() {
        return REGISTRY.select(null);
    }

    /**
     * Selects the named provider, or when {@code name} is null, as {@link #select()} does.
     *
     * @throws BackendUnavailableException if the name is unknown or the provider cannot run
     */
    public static BackendProvider select(String name) {
        return REGISTRY.select(name);
    }

    /** Opens the selected backend on its default device. */
    public static Backend open() {
        return open(null, null);
    }

    /**
     * Opens a backend.
     *
     * @param name the provider's name, or null to select as {@link #select()} does
     * @param device the device, or null for the provider's default device
     */
    public static Backend open(String name, Device device) {
        BackendProvider provider = REGISTRY.select(name);
        return provider.open(device != null ? device : provider.devices().get(0));
    }

    /** Returns the discovery report: one line per provider with its state. */
    public static String report() {
        StringBuilder b = new StringBuilder();
        List<ProviderStatus> statuses = providers();
        if (statuses.isEmpty()) {
            b.append("(no backend providers found on the class path)\n");
        }
        for (ProviderStatus s : statuses) {
            b.append(s.describe()).append('\n');
        }
        return b.toString();
    }

    /** Forgets discovery, so that the next call looks again (for tests and plugin reloading). */
    public static void reset() {
        REGISTRY.reset();
    }
}
