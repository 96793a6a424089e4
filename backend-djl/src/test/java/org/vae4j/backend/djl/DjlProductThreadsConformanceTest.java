package org.vae4j.backend.djl;

import org.vae4j.api.BackendProvider;
import org.vae4j.testkit.BackendConformanceSuite;

/**
 * The whole conformance suite on the DJL backend with every product and convolution on two intra-op
 * threads and every other op on one, switching per op: the thread policy's paths run on any
 * machine, whatever its core count.
 */
final class DjlProductThreadsConformanceTest extends BackendConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider(new DjlThreads(1, 2, 0));
    }
}
