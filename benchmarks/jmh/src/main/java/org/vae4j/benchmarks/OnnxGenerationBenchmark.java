package org.vae4j.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
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
import org.vae4j.core.export.Exporters;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;

/**
 * Generation with ONNX Runtime, as an application that ships the exported decoder runs it: the
 * canonical model's {@code decoder.onnx} (written by the same exporter as {@code vae export}) on
 * {@code count} latent draws, from z to the Bernoulli probabilities. Digits/s = count x 10^6 /
 * (us/op); its products are 2 x (20 x 400 + 400 x 784) = 643,200 FLOPs a digit, so GFLOP/s = count
 * x 643.2 / (us/op) / 1000.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OnnxGenerationBenchmark {
    private static final MlpVaeConfig MODEL = MlpVaeConfig.pytorchExample();

    @Param({"64", "1000"})
    int count;

    private Path dir;
    private OrtSession session;
    private OnnxTensor z;

    /** Exports a freshly initialised canonical model and opens its decoder in ONNX Runtime. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        dir = Files.createTempDirectory("vae4j-onnx-bench");
        try (Backend backend = Backends.open("nd4j", Device.CPU);
                Vae vae = MODEL.build(Init.on(backend, DType.FLOAT32, Rng.seeded(1)))) {
            Exporters.find("onnx").export(vae, MODEL, Map.of(), dir);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        session =
                env.createSession(
                        dir.resolve("decoder.onnx").toString(), new OrtSession.SessionOptions());
        float[] draws = Rng.seeded(2).normalFloats(count * MODEL.latent());
        z =
                OnnxTensor.createTensor(
                        env, FloatBuffer.wrap(draws), new long[] {count, MODEL.latent()});
    }

    /** Closes the session and deletes the exported files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException, OrtException {
        z.close();
        session.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One run of the decoder on {@code count} draws; returns a value so that none is skipped. */
    @Benchmark
    public float generate() throws OrtException {
        try (OrtSession.Result result = session.run(Map.of("z", z))) {
            return ((OnnxTensor) result.get("probs").orElseThrow()).getFloatBuffer().get(0);
        }
    }
}
