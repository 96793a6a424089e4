package org.vae4j.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vae4j.api.Backend;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.nn.Module;
import org.vae4j.core.nn.Parameter;

/**
 * The matrix work of an importance-sampled estimate and the time it needs at the rate this backend
 * reaches for the decoder's products: every two-axis {@code weight} of the decoder, with its {@code
 * bias}, applied by {@code linear} to one chunk's rows of random input, timed for about two seconds
 * after a warm-up.
 *
 * @param flops the floating-point operations of the decoder's products over the whole estimate
 * @param gflops the rate measured, in GFLOP/s
 * @param rows the rows of each timed product
 */
record MatrixBound(double flops, double gflops, int rows) {
    private static final double TIMED_NANOS = 2e9;
    private static final int WARM_UP = 3;

    /** A dense layer's parameter names end so ({@code layer0.weight}, {@code layer0.bias}). */
    private static final String WEIGHT = "weight";

    /** Returns the seconds the matrix work needs at the measured rate. */
    double seconds() {
        return flops / (gflops * 1e9);
    }

    /**
     * Times the decoder's products at {@code rows} rows and scales them to {@code decoderRows}
     * rows, the samples times the examples of the estimate.
     */
    static MatrixBound measure(
            Backend backend, Module decoder, DType dtype, int rows, long decoderRows) {
        Map<String, Parameter> params = decoder.namedParameters();
        List<Parameter[]> layers = new ArrayList<>();
        double flopsPerRow = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String name = e.getKey();
            Shape w = e.getValue().shape();
            if (name.endsWith(WEIGHT) && w.rank() == 2) {
                String layer = name.substring(0, name.length() - WEIGHT.length());
                Parameter bias = params.get(layer + "bias");
                layers.add(new Parameter[] {e.getValue(), bias});
                flopsPerRow += 2.0 * w.dim(0) * w.dim(1);
            }
        }
        if (layers.isEmpty()) {
            throw new UsageException(
                    "--matrix-bound needs a decoder of dense layers; this one has no weight"
                            + " matrices");
        }
        Rng rng = Rng.seeded(0);
        try (Scope scope = backend.openScope()) {
            List<Tensor> inputs = new ArrayList<>();
            for (Parameter[] layer : layers) {
                inputs.add(rng.normal(backend, Shape.of(rows, layer[0].shape().dim(1)), dtype));
            }
            for (int i = 0; i < WARM_UP; i++) {
                round(backend, layers, inputs);
            }
            long start = System.nanoTime();
            long rounds = 0;
            long elapsed;
            do {
                round(backend, layers, inputs);
                rounds++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < TIMED_NANOS);
            double gflops = flopsPerRow * rows * rounds / elapsed;
            return new MatrixBound(flopsPerRow * decoderRows, gflops, rows);
        }
    }

    private static void round(Backend backend, List<Parameter[]> layers, List<Tensor> inputs) {
        for (int i = 0; i < layers.size(); i++) {
            Parameter bias = layers.get(i)[1];
            Tensor weight = layers.get(i)[0].value();
            backend.linear(inputs.get(i), weight, bias == null ? null : bias.value()).close();
        }
    }
}
