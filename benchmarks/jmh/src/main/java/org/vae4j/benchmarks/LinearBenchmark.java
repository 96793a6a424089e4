package org.vae4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Tensor;

/**
 * The fused {@code linear} of the first encoder layer, {@code x W^T + b} with x [128, 784], W [400,
 * 784] and b [400]: the product of {@link MatmulBenchmark}'s {@code NT} plus the bias.
 */
public class LinearBenchmark extends BackendBenchmark {
    private Tensor x;
    private Tensor weight;
    private Tensor bias;

    @Override
    void prepare() {
        int in = MODEL.features();
        int out = MODEL.hidden()[0];
        Rng rng = Rng.seeded(42);
        x = normal(rng, BATCH, in);
        weight = normal(rng, out, in);
        bias = normal(rng, out);
    }

    /** One affine map; its result is freed with the scope. */
    @Benchmark
    public Tensor linear() {
        try (Scope scope = ops.openScope()) {
            return ops.linear(x, weight, bias);
        }
    }
}
