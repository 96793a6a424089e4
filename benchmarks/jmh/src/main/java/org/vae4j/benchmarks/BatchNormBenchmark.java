package org.vae4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.Gradients;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.nn.BatchNorm2d;
import org.vae4j.core.nn.Init;
import org.vae4j.core.nn.Module;

/**
 * Batch norm over the conv model's activations ({@code --arch conv --batch-norm}, batch 128):
 * {@code layer} {@code first} normalises [128, 32, 14, 14], {@code second} [128, 64, 7, 7]. A
 * training step's forward and backward pass (the loss a weighted sum of the output, so that every
 * element's gradient differs), and the evaluation mode's forward pass.
 */
public class BatchNormBenchmark extends BackendBenchmark {
    @Param({"first", "second"})
    String layer;

    private BatchNorm2d norm;
    private Tensor x;
    private Tensor weights;

    @Override
    void prepare() {
        boolean first = layer.equals("first");
        int channels = first ? 32 : 64;
        int side = first ? 14 : 7;
        Rng rng = Rng.seeded(42);
        x = normal(rng, BATCH, channels, side, side);
        weights = normal(rng, BATCH, channels, side, side);
        norm = own(new BatchNorm2d(Init.on(ops, DType.FLOAT32, Rng.seeded(1)), channels));
    }

    /** Training mode: the batch's statistics, the output, and the gradients of x, weight, bias. */
    @Benchmark
    public Gradients training() {
        try (Scope scope = ops.openScope()) {
            Variable in = Variable.leaf(x, "x");
            return norm.forward(in).mul(Variable.constant(weights)).sumAll().backward();
        }
    }

    /** Evaluation mode: one expression with the running statistics. */
    @Benchmark
    public Tensor evaluation() {
        try (Scope scope = ops.openScope();
                Module.Mode eval = norm.evaluation()) {
            return norm.forward(Variable.constant(x)).value();
        }
    }
}
