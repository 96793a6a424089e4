package org.vae4j.api.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceAndDTypeTest {

    @Test
    void parsesDevicesAndPrintsThemBack() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse(" CUDA ")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse("cuda:3")).isEqualTo(Device.cuda(3));
        assertThat(Device.cuda(3)).hasToString("cuda:3");
        assertThat(Device.CPU).hasToString("cpu");
        assertThat(Device.parse(Device.cuda(7).toString())).isEqualTo(Device.cuda(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "cuda:-1", "cuda:x", "cpu:1", ""})
    void rejectsUnknownDevicesWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Device.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use cpu, cuda or cuda:N");
    }

    @Test
    void cpuHasOnlyIndexZero() {
        assertThatThrownBy(() -> new Device(Device.Type.CPU, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dtypesKnowTheirSizeAndNames() {
        assertThat(DType.FLOAT32.byteSize()).isEqualTo(4);
        assertThat(DType.FLOAT64.byteSize()).isEqualTo(8);
        assertThat(DType.parse("F64")).isEqualTo(DType.FLOAT64);
        assertThat(DType.parse("float")).isEqualTo(DType.FLOAT32);
        assertThat(DType.FLOAT32).hasToString("float32");
        assertThatThrownBy(() -> DType.parse("int8"))
                .hasMessage("Unknown dtype 'int8'; use float32 or float64");
    }
}
