package org.vae4j.benchmarks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;

/**
 * What every benchmark here shares: the backend named by the {@code backend} parameter, opened on
 * the CPU once per fork, the canonical model's sizes, and the native resources a benchmark makes in
 * {@link #prepare}, closed after the last iteration. Each result is the average time of one call,
 * in microseconds.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class BackendBenchmark {
    /** The canonical model: 784-400-20 ReLU encoder and decoder, Bernoulli likelihood. */
    static final MlpVaeConfig MODEL = MlpVaeConfig.pytorchExample();

    /** Examples per training step. */
    static final int BATCH = 128;

    @Param({"nd4j", "djl"})
    String backend;

    /** The opened backend; set before {@link #prepare} runs. */
    Backend ops;

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    /** Opens the backend and lets the benchmark make its inputs. */
    @Setup(Level.Trial)
    public final void setUp() {
        ops = Backends.open(backend, Device.CPU);
        prepare();
    }

    /** Closes what {@link #prepare} made, newest first, and then the backend. */
    @TearDown(Level.Trial)
    public final void tearDown() throws Exception {
        while (!owned.isEmpty()) {
            owned.pop().close();
        }
        ops.close();
    }

    /** Makes the benchmark's inputs; no scope is open, so what it makes must be {@link #own}ed. */
    abstract void prepare();

    /** Registers a resource to be closed at tear-down and returns it. */
    final <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    /** Returns a float32 tensor of standard normal draws, closed at tear-down. */
    final Tensor normal(Rng rng, int... dims) {
        return own(rng.normal(ops, Shape.of(dims), DType.FLOAT32));
    }

    /** Builds the canonical model with the seed the command line uses, closed at tear-down. */
    final Vae canonicalModel() {
        return own(MODEL.build(Init.on(ops, DType.FLOAT32, Rng.seeded(1))));
    }
}
