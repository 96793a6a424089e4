package org.vae4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery through the real {@link java.util.ServiceLoader}: the test resources register one good
 * provider and four broken ones (a failing constructor, a throwing probe, an old SPI version, and a
 * class that does not exist).
 */
class BackendsTest {

    @AfterEach
    void forget() {
        System.clearProperty("vae.backend");
        Backends.reset();
    }

    @Test
    void brokenProviderJarsAreReportedNotFatal() {
        List<ProviderStatus> found = Backends.providers();
        assertThat(found)
                .extracting(ProviderStatus::name)
                .containsExactlyInAnyOrder("old", "throwing", "good", "?", "?");
        assertThat(found)
                .filteredOn(ProviderStatus::available)
                .extracting(ProviderStatus::name)
                .containsExactly("good");
        assertThat(Backends.report())
                .contains("good   priority 10  available (cpu)")
                .contains("throwing priority 30  unavailable: probe failed: UnsatisfiedLinkError")
                .contains("old    priority 40  unavailable: built for vae4j SPI 0.3")
                .contains("native library missing")
                .contains("NoSuchProvider");
    }

    @Test
    void selectsTheBestAvailableProvider() {
        assertThat(Backends.select()).isInstanceOf(org.vae4j.api.internal.FakeProvider.class);
        assertThat(Backends.select().name()).isEqualTo("good");
    }

    @Test
    void theSystemPropertyNamesTheBackend() {
        System.setProperty("vae.backend", "nope");
        assertThatThrownBy(Backends::select)
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("Unknown backend 'nope' (from system property vae.backend)")
                .hasMessageContaining("\n  good   priority 10  available (cpu)");
    }
}
