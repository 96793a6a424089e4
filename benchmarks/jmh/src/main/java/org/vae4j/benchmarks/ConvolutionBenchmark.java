package org.vae4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.ops.CompositeOps;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.Tensor;

/**
 * The convolutions of the conv model ({@code --arch conv}, batch 128, kernel 4, stride 2, padding
 * 1): {@code layer} {@code first} is x [128, 1, 28, 28] to [128, 32, 14, 14], {@code second} [128,
 * 32, 14, 14] to [128, 64, 7, 7]. Each layer's forward convolution, the transposed convolution that
 * is its input gradient (and the decoder's mirror layer), and its kernel gradient through the
 * backend's own op and through the composite default (a convolution of the batch-transposed
 * tensors).
 */
public class ConvolutionBenchmark extends BackendBenchmark {
    private static final Conv2dSpec SPEC = Conv2dSpec.of(2, 1);
    private static final int KERNEL = 4;

    @Param({"first", "second"})
    String layer;

    private Tensor x;
    private Tensor kernel;
    private Tensor grad;

    @Override
    void prepare() {
        boolean first = layer.equals("first");
        int in = first ? 1 : 32;
        int out = first ? 32 : 64;
        int side = first ? 28 : 14;
        Rng rng = Rng.seeded(42);
        x = normal(rng, BATCH, in, side, side);
        kernel = normal(rng, out, in, KERNEL, KERNEL);
        grad = normal(rng, BATCH, out, side / 2, side / 2);
    }

    /** The forward convolution. */
    @Benchmark
    public Tensor conv2d() {
        try (Scope scope = ops.openScope()) {
            return ops.conv2d(x, kernel, SPEC);
        }
    }

    /** The input gradient: the output gradient's transposed convolution with the kernel. */
    @Benchmark
    public Tensor convTranspose2d() {
        try (Scope scope = ops.openScope()) {
            return ops.convTranspose2d(grad, kernel, SPEC);
        }
    }

    /** The kernel gradient through the backend's op. */
    @Benchmark
    public Tensor kernelGradient() {
        try (Scope scope = ops.openScope()) {
            return ops.conv2dKernelGradient(x, grad, SPEC, KERNEL, KERNEL);
        }
    }

    /** The kernel gradient through the composite default, as the rule computed it before. */
    @Benchmark
    public Tensor compositeKernelGradient() {
        try (Scope scope = ops.openScope()) {
            return CompositeOps.conv2dKernelGradient(ops, x, grad, SPEC, KERNEL, KERNEL);
        }
    }
}
