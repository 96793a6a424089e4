package org.vae4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.vae4j.api.BackendProvider;
import org.vae4j.backend.reference.FaultyReferenceBackend;
import org.vae4j.backend.reference.FaultyReferenceBackend.Fault;

/**
 * Runs groups of the suite on a reference backend with one injected fault each and checks that the
 * test written for that kind of fault fails, and that a legitimate rounding difference passes. This
 * validates the suite itself, which its run on the correct reference cannot.
 */
class SuiteDetectsFaultsTest {
    /** The fault of the next run: the engine instantiates {@link FaultySuite} itself. */
    private static volatile Fault fault;

    /** The suite on a faulty reference; Surefire skips nested classes, the engine kit runs it. */
    static final class FaultySuite extends BackendConformanceSuite {
        @Override
        protected BackendProvider provider() {
            return FaultyReferenceBackend.provider(fault);
        }

        @Override
        protected boolean registeredAsService() {
            return false;
        }
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(
                        Fault.NAIVE_SOFTPLUS,
                        BackendConformanceSuite.OpSemantics.class,
                        "unaryAtExtremeInputs"),
                Arguments.of(
                        Fault.MAX_FROM_ZERO,
                        BackendConformanceSuite.Reductions.class,
                        "maxOfNegativeValuesIsNegative"),
                Arguments.of(
                        Fault.EXPRESSION_SUM_SKIPS_LAST,
                        BackendConformanceSuite.ElementwiseSums.class,
                        "matchesTheExpressionSummedAndTheReference"),
                Arguments.of(
                        Fault.WHERE_POSITIVE_ONLY,
                        BackendConformanceSuite.Broadcasting.class,
                        "whereBroadcastsAllThree"),
                Arguments.of(
                        Fault.RESHAPE_SHARES_STORAGE,
                        BackendConformanceSuite.InPlace.class,
                        "assignWritesOnlyTheTarget"),
                Arguments.of(
                        Fault.FLOAT64_IN_SINGLE_PRECISION,
                        BackendConformanceSuite.OpSemantics.class,
                        "unaryMatchesReference"),
                Arguments.of(
                        Fault.CONV_TRANSPOSE_FLIPPED_KERNEL,
                        BackendConformanceSuite.Gradients.class,
                        "theBackwardRuleMatchesFiniteDifferences"),
                Arguments.of(
                        Fault.CONV_TRANSPOSE_FLIPPED_KERNEL,
                        BackendConformanceSuite.Convolutions.class,
                        "matchesTheReference"),
                Arguments.of(
                        Fault.KERNEL_GRADIENT_DROPS_LAST_IMAGE,
                        BackendConformanceSuite.Gradients.class,
                        "theBackwardRuleMatchesFiniteDifferences"),
                Arguments.of(
                        Fault.KERNEL_GRADIENT_DROPS_LAST_IMAGE,
                        BackendConformanceSuite.Convolutions.class,
                        "theKernelGradientMatchesTheReference"),
                Arguments.of(
                        Fault.LEAKS_NATIVE_MEMORY,
                        BackendConformanceSuite.Scopes.class,
                        "tenThousandScopedStepsLeakNothing"));
    }

    @ParameterizedTest(name = "{0} fails {2}")
    @MethodSource("faults")
    void theSuiteCatchesTheFault(Fault injected, Class<?> group, String expectedFailure) {
        Events tests = run(injected, group);
        assertThat(tests.failed().stream().map(SuiteDetectsFaultsTest::methodName))
                .contains(expectedFailure);
    }

    @Test
    void float32AccumulationInProductsIsAccepted() {
        Events tests = run(Fault.FLOAT32_ACCUMULATION, BackendConformanceSuite.Matmul.class);
        assertThat(tests.failed().count()).isZero();
        assertThat(tests.succeeded().count()).isPositive();
    }

    private static Events run(Fault injected, Class<?> group) {
        fault = injected;
        return EngineTestKit.engine("junit-jupiter")
                .selectors(DiscoverySelectors.selectNestedClass(List.of(FaultySuite.class), group))
                .execute()
                .testEvents();
    }

    private static String methodName(Event event) {
        return event.getTestDescriptor()
                .getSource()
                .filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(
                        s ->
                                ((org.junit.platform.engine.support.descriptor.MethodSource) s)
                                        .getMethodName())
                .orElse("?");
    }
}
