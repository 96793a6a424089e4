package org.vae4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** When the malloc settings apply, what they set, and what glibc says of them. */
class NativeHeapTest {
    private final List<String> calls = new ArrayList<>();

    private Supplier<IntBinaryOperator> recording(int result) {
        return () ->
                (parameter, value) -> {
                    calls.add(parameter + "=" + value);
                    return result;
                };
    }

    @Test
    void onLinuxItSetsTheThreeParameters() {
        String said = NativeHeap.retain(null, Map.of(), "Linux", recording(1));
        assertThat(calls).containsExactly("-3=33554432", "-1=2147483647", "-2=268435456");
        assertThat(said).startsWith("freed memory kept").contains("-Dvae4j.malloc.retain=false");
    }

    @Test
    void aRefusalIsReportedAsUnchanged() {
        assertThat(NativeHeap.retain(null, Map.of(), "Linux", recording(0)))
                .startsWith("unchanged: this C library refused mallopt");
        Supplier<IntBinaryOperator> missing =
                () -> {
                    throw new UnsatisfiedLinkError("no mallopt");
                };
        assertThat(NativeHeap.retain(null, Map.of(), "Linux", missing))
                .isEqualTo("unchanged: mallopt is not reachable (UnsatisfiedLinkError)");
    }

    @Test
    void thePropertyTheEnvironmentAndOtherSystemsLeaveMallocAlone() {
        assertThat(NativeHeap.retain("false", Map.of(), "Linux", recording(1)))
                .isEqualTo("as glibc sets it (-Dvae4j.malloc.retain=false)");
        for (String name : NativeHeap.ENVIRONMENT) {
            assertThat(NativeHeap.retain(null, Map.of(name, "1"), "Linux", recording(1)))
                    .isEqualTo("as the environment sets it (" + name + ")");
        }
        assertThat(NativeHeap.retain("true", Map.of(), "Mac OS X", recording(1)))
                .isEqualTo("the platform's own (not Linux)");
        assertThat(calls).isEmpty();
    }

    @Test
    void glibcAcceptsTheSettings() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "glibc's mallopt");
        assertThat(NativeHeap.retain(null, Map.of(), "Linux", NativeHeap::glibcMallopt))
                .startsWith("freed memory kept");
    }
}
