package org.vae4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.tensor.Device;

/** With backend-nd4j on the class path, discovery finds and selects the nd4j provider. */
final class Nd4jDiscoveryTest {
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
    void selectionByPriorityFindsNd4j() {
        Assumptions.assumeTrue(System.getenv("VAE_BACKEND") == null, "VAE_BACKEND is set");
        assertThat(Backends.select()).isInstanceOf(Nd4jBackendProvider.class);
        try (Backend backend = Backends.open()) {
            assertThat(backend.name()).isEqualTo("nd4j");
            assertThat(backend.device()).isEqualTo(Device.CPU);
        }
    }

    @Test
    void theReportListsNd4jAsAvailableOnTheCpu() {
        assertThat(Backends.report()).contains("nd4j").contains("priority 20").contains("(cpu)");
    }
}
