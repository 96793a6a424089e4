package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.Capability;
import org.vae4j.api.SpiVersion;
import org.vae4j.api.tensor.Device;

/**
 * What a provider and its opened backend report: the device, the devices that exist, the SPI
 * version, availability, the info map, and capabilities consistent with the device.
 */
public abstract class DeviceTests extends ConformanceGroup {

    @Test
    void theBackendRunsOnTheRequestedDevice() {
        assertThat(backend().device()).isEqualTo(context().device());
        assertThat(context().provider().devices()).contains(backend().device());
        assertThat(backend().name()).isEqualTo(context().provider().name());
        assertThat(backend().isClosed()).isFalse();
    }

    @Test
    void openingADeviceThatDoesNotExistNamesThoseThatDo() {
        BackendProvider provider = context().provider();
        Device missing = Device.cuda(99);
        List<Device> devices = provider.devices();
        Assumptions.assumeFalse(devices.contains(missing), "this machine has a cuda:99");
        assertThatThrownBy(() -> provider.open(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(
                        e -> {
                            for (Device d : devices) {
                                assertThat(e.getMessage()).contains(d.toString());
                            }
                        });
    }

    @Test
    void theProviderReportsItselfConsistently() {
        BackendProvider provider = context().provider();
        assertThat(provider.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        assertThat(provider.probe().available()).as("probe: %s", provider.probe()).isTrue();
        assertThat(provider.devices()).isNotEmpty().doesNotHaveDuplicates();
        assertThat(provider.name())
                .isNotBlank()
                .isEqualTo(provider.name().toLowerCase(Locale.ROOT));
    }

    @Test
    void infoIsNonEmpty() {
        Map<String, String> info = backend().info();
        assertThat(info).isNotEmpty();
        info.forEach(
                (k, v) -> {
                    assertThat(k).as("an info key").isNotBlank();
                    assertThat(v).as("info value of %s", k).isNotNull();
                });
    }

    @Test
    void cudaCapabilityMatchesTheDevice() {
        boolean onGpu = backend().device().type() == Device.Type.CUDA;
        assertThat(backend().supports(Capability.CUDA))
                .as("declares CUDA on %s", backend().device())
                .isEqualTo(onGpu);
    }
}
