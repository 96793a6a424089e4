package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.Backends;
import org.vae4j.api.ProviderStatus;

/**
 * The provider is found where users look for it: through {@link ServiceLoader}, by name through
 * {@link Backends#select(String)}, and as available in {@link Backends#providers()}. Skipped for a
 * provider that the suite was told is not registered as a service.
 */
public abstract class DiscoveryTests extends ConformanceGroup {
    /** Broken service entries of other jars tolerated before giving up, as discovery does. */
    private static final int MAX_BROKEN = 64;

    /** Skips the group for a provider that is not in {@code META-INF/services}. */
    @BeforeEach
    protected final void assumeRegistered() {
        Assumptions.assumeTrue(
                context().registeredAsService(),
                () -> context().provider().name() + " is declared as not registered as a service");
    }

    private BackendProvider provider() {
        return context().provider();
    }

    @Test
    void theServiceLoaderFindsTheProvider() {
        List<BackendProvider> found = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class).iterator();
        for (int broken = 0; broken < MAX_BROKEN; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                broken++; // another jar's broken entry: discovery survives it, so does this check
            }
        }
        assertThat(found)
                .filteredOn(p -> p.getClass() == provider().getClass())
                .extracting(BackendProvider::name)
                .containsExactly(provider().name());
    }

    @Test
    void selectingByNameGivesTheProvider() {
        assertThat(Backends.select(provider().name())).isInstanceOf(provider().getClass());
    }

    @Test
    void theDiscoveryReportListsTheProviderAsAvailable() {
        assertThat(Backends.providers())
                .filteredOn(s -> s.name().equals(provider().name()))
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.available()).as(s.describe()).isTrue();
                            assertThat(s.providerClass())
                                    .isEqualTo(provider().getClass().getName());
                            assertThat(s.devices()).isEqualTo(provider().devices());
                        })
                .extracting(ProviderStatus::priority)
                .isEqualTo(provider().priority());
    }
}
