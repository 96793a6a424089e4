package org.vae4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vae4j.api.support.ParallelFor;

/** Which products the settings choose, and how the choice is described. */
class DjlBlasTest {
    @Test
    void openBlasIsTheDefaultCutOverTheWorkersUnlessItRunsItsOwnThreads() {
        int workers = ParallelFor.shared().workers();
        assertThat(DjlBlas.fromSettings(null, Map.of(), () -> true).describe())
                .isEqualTo("OpenBLAS gemm, cut over " + workers + " workers");
        assertThat(DjlBlas.fromSettings("openblas", Map.of(), () -> true).describe())
                .isEqualTo("OpenBLAS gemm, cut over " + workers + " workers");
        assertThat(
                        DjlBlas.fromSettings(null, Map.of("OPENBLAS_NUM_THREADS", "4"), () -> true)
                                .describe())
                .isEqualTo("OpenBLAS gemm, on OpenBLAS's threads");
    }

    @Test
    void pyTorchChosenOrOpenBlasMissingLeavesProductsToPyTorch() {
        assertThat(
                        DjlBlas.fromSettings(
                                "pytorch",
                                Map.of(),
                                () -> {
                                    throw new AssertionError("OpenBLAS loaded for PyTorch");
                                }))
                .isNull();
        assertThat(DjlBlas.fromSettings(null, Map.of(), () -> false)).isNull();
        assertThatThrownBy(() -> DjlBlas.fromSettings("mkl", Map.of(), () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dvae4j.djl.products must be openblas or pytorch, not 'mkl'");
    }
}
