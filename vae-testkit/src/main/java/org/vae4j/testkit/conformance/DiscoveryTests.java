package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.BackendUnavailableException;
import org.vae4j.api.Backends;
import org.vae4j.api.ProviderStatus;

/**
 * The provider is found where users look for it: through {@link ServiceLoader}, by name through
 * {@link Backends#select(String)} and {@code -Dvae.backend}, and as available in {@link
 * Backends#providers()}; an unknown name lists it with its state. Skipped for a provider that the
 * suite was told is not registered as a service.
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

    private static final String PROPERTY = "vae.backend";
    private String savedProperty;

    private BackendProvider provider() {
        return context().provider();
    }

    /** Remembers {@code -Dvae.backend}; the tests below set it. */
    @BeforeEach
    protected final void saveSelection() {
        savedProperty = System.getProperty(PROPERTY);
        Backends.reset();
    }

    /** Restores {@code -Dvae.backend} and forgets the selection the tests made. */
    @AfterEach
    protected final void restoreSelection() {
        if (savedProperty == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, savedProperty);
        }
        Backends.reset();
    }

    @Test
    void selectingByThePropertyGivesTheProvider() {
        System.setProperty(PROPERTY, provider().name());
        assertThat(Backends.select()).isInstanceOf(provider().getClass());
    }

    @Test
    void anUnknownNameListsTheProviderAndSaysHowToFixIt() {
        System.setProperty(PROPERTY, "nope");
        assertThatThrownBy(Backends::select)
                .isInstanceOf(BackendUnavailableException.class)
                .satisfies(
                        e -> {
                            assertThat(((BackendUnavailableException) e).summary())
                                    .contains("'nope'")
                                    .contains(PROPERTY)
                                    .contains("add that backend's jar to the class path");
                            assertThat(e.getMessage().lines())
                                    .anySatisfy(
                                            line ->
                                                    assertThat(line)
                                                            .contains(provider().name())
                                                            .contains("available"));
                        });
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
