package org.vae4j.backend.djl;

import org.vae4j.api.BackendProvider;
import org.vae4j.api.support.ParallelFor;
import org.vae4j.testkit.BackendConformanceSuite;

/**
 * The whole conformance suite on the DJL backend with every OpenBLAS product cut into pieces at
 * every size, on four workers: the cut paths (rows and columns, both transposes, with and without a
 * bias) run on any machine, whatever its core count.
 */
final class DjlCutProductsConformanceTest extends BackendConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider(new DjlBlas(new ParallelFor(4), 1));
    }
}
