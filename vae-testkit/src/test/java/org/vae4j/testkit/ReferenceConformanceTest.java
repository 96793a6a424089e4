package org.vae4j.testkit;

import org.vae4j.api.BackendProvider;
import org.vae4j.backend.reference.ReferenceBackendProvider;

/**
 * Runs the whole suite on the reference backend, which proves that the suite passes on a correct
 * backend (the reference is compared with a second instance of itself) and exercises every group.
 */
final class ReferenceConformanceTest extends BackendConformanceSuite {

    @Override
    protected BackendProvider provider() {
        return new ReferenceBackendProvider();
    }

    /**
     * The reference is deliberately not in {@code META-INF/services} (discovery must never select
     * an oracle), so the discovery group, which looks the provider up there, is skipped.
     */
    @Override
    protected boolean registeredAsService() {
        return false;
    }
}
