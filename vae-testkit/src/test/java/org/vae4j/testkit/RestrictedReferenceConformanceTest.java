package org.vae4j.testkit;

import java.util.Set;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.Capability;
import org.vae4j.backend.reference.ReferenceBackendProvider;

/**
 * Runs the whole suite on a reference that declares only {@link Capability#READ_VALUES}, as a
 * float32-only inference backend would: the tests of float64 and in-place updates must skip, and
 * the tests that such a backend refuses them must run and pass.
 */
final class RestrictedReferenceConformanceTest extends BackendConformanceSuite {

    @Override
    protected BackendProvider provider() {
        return new ReferenceBackendProvider(Set.of(Capability.READ_VALUES));
    }

    /** Not registered as a service, for the reason given in {@link ReferenceConformanceTest}. */
    @Override
    protected boolean registeredAsService() {
        return false;
    }
}
