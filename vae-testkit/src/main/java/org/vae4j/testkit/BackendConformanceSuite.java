package org.vae4j.testkit;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.tensor.Device;
import org.vae4j.testkit.conformance.BroadcastingTests;
import org.vae4j.testkit.conformance.ConcurrencyTests;
import org.vae4j.testkit.conformance.ConvolutionTests;
import org.vae4j.testkit.conformance.DTypeTests;
import org.vae4j.testkit.conformance.DeviceTests;
import org.vae4j.testkit.conformance.DiscoveryTests;
import org.vae4j.testkit.conformance.ElementwiseSumTests;
import org.vae4j.testkit.conformance.ElementwiseTests;
import org.vae4j.testkit.conformance.ErrorMessageTests;
import org.vae4j.testkit.conformance.GradientTests;
import org.vae4j.testkit.conformance.InPlaceTests;
import org.vae4j.testkit.conformance.LikelihoodTests;
import org.vae4j.testkit.conformance.MatmulTests;
import org.vae4j.testkit.conformance.MovementTests;
import org.vae4j.testkit.conformance.OpSemanticsTests;
import org.vae4j.testkit.conformance.ReductionTests;
import org.vae4j.testkit.conformance.RngParityTests;
import org.vae4j.testkit.conformance.SaturationTests;
import org.vae4j.testkit.conformance.ScopeTests;
import org.vae4j.testkit.conformance.TensorTests;
import org.vae4j.testkit.fixtures.SuiteContext;

/**
 * The conformance suite every backend runs: each primitive op against the plain-Java reference
 * backend, broadcasting, reductions, matrix products, convolutions, movement, dtypes, in-place
 * updates, error messages, gradients of every differentiable op in float64, distributions at
 * saturated parameters, tensor and scope lifetimes, random-stream parity, devices and discovery. A
 * backend module adds one test class:
 *
 * <pre>{@code
 * final class Nd4jConformanceTest extends BackendConformanceSuite {
 *     @Override
 *     protected BackendProvider provider() {
 *         return new Nd4jBackendProvider();
 *     }
 * }
 * }</pre>
 *
 * <p>The backend is opened once on {@link #device()} before the groups run and closed after them.
 * Tests that need a capability the backend does not declare are skipped; nothing is skipped by
 * backend name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceSuite {
    private SuiteContext context;

    /**
     * Returns the provider under test; called once per run and by the device and discovery tests.
     */
    protected abstract BackendProvider provider();

    /** Returns the device to test on; by default the provider's first (default) device. */
    protected Device device() {
        BackendProvider provider = provider();
        List<Device> devices = provider.devices();
        if (devices.isEmpty()) {
            throw new IllegalStateException(
                    "Provider '" + provider.name() + "' lists no devices: " + provider.probe());
        }
        return devices.get(0);
    }

    /**
     * Returns whether the provider is listed in {@code META-INF/services}, as every real backend
     * must be; the discovery tests are skipped when this is false.
     */
    protected boolean registeredAsService() {
        return true;
    }

    /** Opens the backend under test and the reference backend. */
    @BeforeAll
    protected final void openBackends() {
        context = SuiteContext.open(provider(), device(), registeredAsService());
    }

    /** Closes both backends. */
    @AfterAll
    protected final void closeBackends() {
        if (context != null) {
            context.close();
        }
    }

    /** Unary and binary ops and WHERE against the reference. */
    @Nested
    class OpSemantics extends OpSemanticsTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Elementwise expressions: the ops' bits one at a time, and the reference's values. */
    @Nested
    class ElementwiseExpressions extends ElementwiseTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Sums of elementwise expressions: the reference's values and the expression summed. */
    @Nested
    class ElementwiseSums extends ElementwiseSumTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Broadcasting of binary ops and WHERE. */
    @Nested
    class Broadcasting extends BroadcastingTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** vae-core's backward rules and objectives against finite differences, in float64. */
    @Nested
    class Gradients extends GradientTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** vae-core's distributions at saturated parameters: values and gradients stay finite. */
    @Nested
    class Saturation extends SaturationTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Evaluation of one model from 8 threads at once, against one thread. */
    @Nested
    class Concurrency extends ConcurrencyTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** SUM and MAX over any axes. */
    @Nested
    class Reductions extends ReductionTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Matrix products and the fused linear layer. */
    @Nested
    class Matmul extends MatmulTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** The convolution and its transpose. */
    @Nested
    class Convolutions extends ConvolutionTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** The fused Bernoulli log-likelihood. */
    @Nested
    class Likelihood extends LikelihoodTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Reshape, permute, broadcastTo, concat, slice, take and cast. */
    @Nested
    class Movement extends MovementTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** float32 and float64 storage and casts. */
    @Nested
    class DTypes extends DTypeTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** assign and adamUpdate. */
    @Nested
    class InPlace extends InPlaceTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Tensor handles: values out, close, closed backends. */
    @Nested
    class Tensors extends TensorTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Bad arguments and their messages. */
    @Nested
    class ErrorMessages extends ErrorMessageTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Memory scopes and the leak loop. */
    @Nested
    class Scopes extends ScopeTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** Random tensors equal the Java draws. */
    @Nested
    class RngParity extends RngParityTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** The provider's and backend's reports. */
    @Nested
    class Devices extends DeviceTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }

    /** ServiceLoader discovery and selection by name. */
    @Nested
    class Discovery extends DiscoveryTests {
        @Override
        protected SuiteContext context() {
            return context;
        }
    }
}
