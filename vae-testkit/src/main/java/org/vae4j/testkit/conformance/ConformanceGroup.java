package org.vae4j.testkit.conformance;

import org.junit.jupiter.api.Assumptions;
import org.vae4j.api.Backend;
import org.vae4j.api.Capability;
import org.vae4j.api.tensor.DType;
import org.vae4j.testkit.fixtures.SuiteContext;

/**
 * The base of every group: access to the running suite's backends, and skips that depend only on
 * the capabilities the backend declares, never on its name.
 */
public abstract class ConformanceGroup {
    /** Returns the context of the suite run this group belongs to. */
    protected abstract SuiteContext context();

    /** Returns the backend under test. */
    protected final Backend backend() {
        return context().backend();
    }

    /** Returns the reference backend. */
    protected final Backend reference() {
        return context().reference();
    }

    /** Skips the test unless the backend declares a capability. */
    protected final void assumeCapability(Capability capability) {
        Assumptions.assumeTrue(
                backend().supports(capability),
                () -> backend() + " does not declare " + capability);
    }

    /** Skips the test if the backend declares a capability (for tests of its absence). */
    protected final void assumeLacks(Capability capability) {
        Assumptions.assumeFalse(
                backend().supports(capability), () -> backend() + " declares " + capability);
    }

    /** Skips a float64 case unless the backend declares {@link Capability#FLOAT64}. */
    protected final void assumeDType(DType dtype) {
        if (dtype == DType.FLOAT64) {
            assumeCapability(Capability.FLOAT64);
        }
    }
}
