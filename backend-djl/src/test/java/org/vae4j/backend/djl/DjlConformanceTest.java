package org.vae4j.backend.djl;

import org.vae4j.api.BackendProvider;
import org.vae4j.testkit.BackendConformanceSuite;

/** The whole conformance suite on the DJL (PyTorch) backend, in float32 and float64. */
final class DjlConformanceTest extends BackendConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider();
    }
}
