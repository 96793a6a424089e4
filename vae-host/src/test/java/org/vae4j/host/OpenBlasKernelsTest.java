package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The kernels chosen for OpenBLAS: SkylakeX on an AMD processor with AVX-512 unless the variable is
 * set; nothing set on other processors, on AMD without AVX-512, or where setting fails.
 */
final class OpenBlasKernelsTest {
    private static final String AVX512 =
            "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl";

    private final List<String> set = new ArrayList<>();

    private final BiPredicate<String, String> setenv = (name, value) -> set.add(name + "=" + value);

    @Test
    void theFlagsNameTheKernels() {
        String said =
                OpenBlasKernels.choose(
                        Map.of(), List.of("vendor_id\t: AuthenticAMD", AVX512), setenv);
        assertThat(said).startsWith("SkylakeX, chosen by vae4j");
        said =
                OpenBlasKernels.choose(
                        Map.of(), List.of("flags\t\t: fpu sse2 avx avx2 fma avx512f"), setenv);
        assertThat(said).startsWith("Haswell, chosen by vae4j");
        assertThat(set).containsExactly("OPENBLAS_CORETYPE=SkylakeX", "OPENBLAS_CORETYPE=Haswell");
    }

    @Test
    void aGivenVariableAndProcessorsWithoutAvx2AreLeftAlone() {
        assertThat(
                        OpenBlasKernels.choose(
                                Map.of("OPENBLAS_CORETYPE", "Haswell"),
                                List.of("vendor_id\t: AuthenticAMD", AVX512),
                                setenv))
                .isEqualTo("Haswell (OPENBLAS_CORETYPE)");
        assertThat(
                        OpenBlasKernels.choose(
                                Map.of(),
                                List.of("vendor_id\t: AuthenticAMD", "flags\t\t: sse2 avx avx2"),
                                setenv))
                .isEqualTo("OpenBLAS's choice for this CPU");
        assertThat(OpenBlasKernels.choose(Map.of(), List.of(), setenv))
                .isEqualTo("OpenBLAS's choice for this CPU");
        assertThat(set).isEmpty();
    }

    @Test
    void aFailedSetenvIsSaid() {
        String said =
                OpenBlasKernels.choose(
                        Map.of(),
                        List.of("vendor_id\t: AuthenticAMD", AVX512),
                        (name, value) -> {
                            throw new UnsatisfiedLinkError("no libc");
                        });
        assertThat(said).contains("could not be set").contains("before starting Java");
    }
}
