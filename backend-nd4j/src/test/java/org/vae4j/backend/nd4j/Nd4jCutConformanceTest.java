package org.vae4j.backend.nd4j;

import org.vae4j.api.BackendProvider;
import org.vae4j.api.support.ParallelFor;
import org.vae4j.testkit.BackendConformanceSuite;

/**
 * The whole conformance suite on the ND4J backend with its host work cut into pieces at every size,
 * on four workers, libnd4j kernels and products included: every cut path runs on any machine,
 * whatever its core count and thread settings.
 */
final class Nd4jCutConformanceTest extends BackendConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new Nd4jBackendProvider(new Nd4jHostWork(new ParallelFor(4), 1, 1, true));
    }
}
