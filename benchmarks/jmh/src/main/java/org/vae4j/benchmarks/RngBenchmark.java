package org.vae4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vae4j.api.random.Rng;

/**
 * vae-api's random draws, no backend involved: 500,000 float32 normals (a K = 5000 evaluation draws
 * 10,000 x 50 of them per chunk) and 500,000 uniforms (dynamic binarisation of a large batch), on
 * the common pool's cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RngBenchmark {
    private static final int N = 500_000;
    private final Rng rng = Rng.seeded(1);

    /** 250,000 Box-Muller pairs from as many Philox blocks, rounded to float. */
    @Benchmark
    public float[] normals() {
        return rng.normalFloats(N);
    }

    /** 250,000 Philox blocks as doubles in [0, 1). */
    @Benchmark
    public double[] uniforms() {
        return rng.uniforms(N);
    }
}
