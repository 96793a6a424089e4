package org.vae4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.tensor.Device;

/**
 * With backend-djl on the class path and backend-nd4j absent (as in this module's tests), discovery
 * finds djl and selects it by default; with nd4j present, nd4j's higher priority would win.
 */
final class DjlDiscoveryTest {
    private static final String PROPERTY = "vae.backend";

    private String savedProperty;

    @BeforeEach
    void clearSelection() {
        savedProperty = System.getProperty(PROPERTY);
        System.clearProperty(PROPERTY);
        Backends.reset();
    }

    @AfterEach
    void restoreSelection() {
        if (savedProperty == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, savedProperty);
        }
        Backends.reset();
    }

    @Test
    void nd4jIsNotOnThisModulesClassPath() {
        assertThat(Backends.providers()).noneMatch(s -> s.name().equals("nd4j"));
    }

    @Test
    void selectionByPriorityFindsDjlWhenItIsTheOnlyRealBackend() {
        Assumptions.assumeTrue(System.getenv("VAE_BACKEND") == null, "VAE_BACKEND is set");
        assertThat(Backends.select()).isInstanceOf(DjlBackendProvider.class);
        try (Backend backend = Backends.open()) {
            assertThat(backend.name()).isEqualTo("djl");
            assertThat(backend.device()).isEqualTo(Device.CPU);
        }
    }

    @Test
    void theReportListsDjlAsAvailableOnTheCpu() {
        assertThat(Backends.report()).contains("djl").contains("priority 10").contains("(cpu)");
    }
}
