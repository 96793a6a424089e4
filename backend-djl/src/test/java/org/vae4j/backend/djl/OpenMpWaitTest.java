package org.vae4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** When the OpenMP wait policy is set, and what is said of it. */
class OpenMpWaitTest {
    private final List<String> calls = new ArrayList<>();

    private Supplier<BiPredicate<String, String>> recording(boolean result) {
        return () ->
                (name, value) -> {
                    calls.add(name + "=" + value);
                    return result;
                };
    }

    @Test
    void itSetsThePolicyToPassive() {
        String said = OpenMpWait.makePassive(null, Map.of(), recording(true));
        assertThat(calls).containsExactly("OMP_WAIT_POLICY=PASSIVE");
        assertThat(said)
                .startsWith("PASSIVE (set by vae4j")
                .contains("-Dvae4j.djl.omp.passive=false");
    }

    @Test
    void aPolicyTheUserSetOrThePropertyLeavesItAlone() {
        assertThat(
                        OpenMpWait.makePassive(
                                null, Map.of("OMP_WAIT_POLICY", "ACTIVE"), recording(true)))
                .isEqualTo("ACTIVE (OMP_WAIT_POLICY as the environment sets it)");
        assertThat(OpenMpWait.makePassive("false", Map.of(), recording(true)))
                .isEqualTo("libgomp's default (-Dvae4j.djl.omp.passive=false)");
        assertThat(calls).isEmpty();
    }

    @Test
    void aFailureIsReportedAsTheDefault() {
        assertThat(OpenMpWait.makePassive(null, Map.of(), recording(false)))
                .isEqualTo("libgomp's default: setenv failed");
        Supplier<BiPredicate<String, String>> missing =
                () -> {
                    throw new UnsatisfiedLinkError("no setenv");
                };
        assertThat(OpenMpWait.makePassive(null, Map.of(), missing))
                .isEqualTo("libgomp's default: setenv is not reachable (UnsatisfiedLinkError)");
    }
}
