package org.vae4j.backend.nd4j;

import org.vae4j.api.BackendProvider;
import org.vae4j.testkit.BackendConformanceSuite;

/** The whole conformance suite on the ND4J backend, in float32 and float64. */
final class Nd4jConformanceTest extends BackendConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new Nd4jBackendProvider();
    }
}
