package org.vae4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Tensor;

/**
 * {@code matmul} with each pair of transpose flags, at the first layer's sizes: every variant
 * computes 128 x 784 x 400 multiply-adds (80.3 MFLOP), so GFLOP/s = 80,282 / (us/op). The first
 * three are the products of the model's first layer: {@code NT} the forward {@code x W^T} (x [128,
 * 784], W [400, 784]), {@code NN} the input gradient {@code g W} (g [128, 400]) and {@code TN} the
 * weight gradient {@code g^T x}; {@code TT} takes x stored transposed, {@code x^T [784, 128]}, and
 * W as the forward does.
 */
public class MatmulBenchmark extends BackendBenchmark {
    @Param({"NT", "NN", "TN", "TT"})
    String transposes;

    private Tensor a;
    private Tensor b;
    private boolean transposeA;
    private boolean transposeB;

    @Override
    void prepare() {
        int n = BATCH;
        int in = MODEL.features();
        int out = MODEL.hidden()[0];
        Rng rng = Rng.seeded(42);
        switch (transposes) {
            case "NT" -> operands(normal(rng, n, in), normal(rng, out, in));
            case "NN" -> operands(normal(rng, n, out), normal(rng, out, in));
            case "TN" -> operands(normal(rng, n, out), normal(rng, n, in));
            case "TT" -> operands(normal(rng, in, n), normal(rng, out, in));
            default -> throw new IllegalArgumentException("transposes: " + transposes);
        }
        transposeA = transposes.charAt(0) == 'T';
        transposeB = transposes.charAt(1) == 'T';
    }

    private void operands(Tensor left, Tensor right) {
        a = left;
        b = right;
    }

    /** One product; its result is freed with the scope. */
    @Benchmark
    public Tensor matmul() {
        try (Scope scope = ops.openScope()) {
            return ops.matmul(a, b, transposeA, transposeB);
        }
    }
}
