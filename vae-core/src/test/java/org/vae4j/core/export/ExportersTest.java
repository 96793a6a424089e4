package org.vae4j.core.export;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vae4j.api.VaeException;

class ExportersTest {

    @Test
    void aMissingExporterIsOneLineNamingTheFormatAndModule() {
        assertThatThrownBy(() -> Exporters.find("onnx"))
                .isInstanceOf(VaeException.class)
                .hasMessageContaining("No exporter for format 'onnx'")
                .hasMessageContaining("org.vae4j:backend-onnx")
                .hasMessageNotContaining("\n");
    }
}
