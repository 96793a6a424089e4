package org.vae4j.backend.djl;

import org.vae4j.api.BackendProvider;
import org.vae4j.api.support.ParallelFor;
import org.vae4j.host.ElementCut;
import org.vae4j.testkit.BackendConformanceSuite;

/**
 * The whole conformance suite on the DJL backend with every OpenBLAS product and every fused
 * elementwise expression (short ones too, which the default runs as PyTorch's kernels) cut into
 * pieces at every size, on four workers: the cut paths (rows and columns, both transposes, with and
 * without a bias; pieces that start inside a broadcast run) run on any machine, whatever its core
 * count.
 */
final class DjlCutConformanceTest extends BackendConformanceSuite {
    @Override
    protected BackendProvider provider() {
        return new DjlBackendProvider(
                new DjlBlas(new ParallelFor(4), 1),
                new DjlHost(new ElementCut(new ParallelFor(4), 1), 0));
    }
}
