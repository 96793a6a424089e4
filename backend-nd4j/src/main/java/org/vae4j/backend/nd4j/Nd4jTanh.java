package org.vae4j.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * tanh of dense row-major float32 or float64 arrays on the CPU build: {@code tanh x = (1 - E) / (1
 * + E)} with {@code E = e^(-2c)} and {@code c} the input clamped to +-20, where tanh rounds to +-1
 * in both dtypes, so that E stays finite. Float32 takes E from {@link Nd4jFloatExp} in one pass;
 * float64 from libnd4j's exp between two passes. Either is several times faster than libnd4j's tanh
 * kernel. Below {@code |x| = 0.1} (float32) or {@code 0.01} (float64), where {@code 1 - E} cancels,
 * the Taylor series to {@code x^7} (truncation error below 3e-10 and 3e-18 relative) is used
 * instead. Both are computed for every element and one is kept by a 0/1 weight built from min and
 * max, so that the JIT vectorises the loop; the work is cut into pieces over cores ({@link
 * Nd4jHostWork}). The decoder of the importance-sampled evaluation applies it to millions of
 * activations per chunk.
 */
final class Nd4jTanh {
    private static final int CHUNK = Nd4jHostKernels.CHUNK;

    /** |tanh(c)| rounds to 1 in float32 and float64 from here on. */
    private static final float CLAMP = 20;

    /**
     * Scales {@code |x| - limit} so that any input above the limit by one ulp of the limit gives a
     * weight of at least 1 (saturated to 1), and any input at or below it a weight of 0.
     */
    private static final float FLOAT_STEEP = 0x1p40f;

    private static final double DOUBLE_STEEP = 0x1p70;
    private static final float FLOAT_LIMIT = 0.1f;
    private static final double DOUBLE_LIMIT = 0.01;

    private static final double C2 = 1.0 / 3;
    private static final double C4 = 2.0 / 15;
    private static final double C6 = -17.0 / 315;

    private Nd4jTanh() {}

    /** Returns {@code tanh(x)} in a new array. */
    static INDArray of(INDArray x, Nd4jHostWork host) {
        int n = (int) x.length();
        INDArray out = Nd4jArrays.like(x);
        boolean isFloat = x.dataType() == DataType.FLOAT;
        if (isFloat) {
            FloatBuffer xs = x.data().asNioFloat();
            FloatBuffer os = out.data().asNioFloat();
            host.elements(n, (from, to) -> floats(xs, os, (int) from, (int) to));
        } else {
            DoubleBuffer xs = x.data().asNioDouble();
            DoubleBuffer os = out.data().asNioDouble();
            host.elements(n, (from, to) -> exponents(xs, os, (int) from, (int) to));
            Nd4jTranscendentals.exp(out, out, host);
            host.elements(n, (from, to) -> finish(xs, os, (int) from, (int) to));
        }
        return out;
    }

    /** {@code o = -2c}. */
    private static void exponents(DoubleBuffer xs, DoubleBuffer os, int from, int to) {
        double[] a = Nd4jHostKernels.doubleScratch()[0];
        for (int at = from; at < to; at += CHUNK) {
            int len = Math.min(CHUNK, to - at);
            xs.get(at, a, 0, len);
            for (int i = 0; i < len; i++) {
                a[i] = -2.0 * Math.min(Math.max(a[i], -CLAMP), CLAMP);
            }
            os.put(at, a, 0, len);
        }
    }

    /**
     * Float32 in one pass: {@code E} by {@link Nd4jFloatExp}, then {@code o = w (1 - E) / (1 + E) +
     * (1 - w) series(c)}.
     */
    private static void floats(FloatBuffer xs, FloatBuffer os, int from, int to) {
        float[][] s = Nd4jHostKernels.floatScratch();
        float[] x = s[0];
        float[] o = s[1];
        float c2 = (float) C2;
        float c4 = (float) C4;
        float c6 = (float) C6;
        for (int at = from; at < to; at += CHUNK) {
            int len = Math.min(CHUNK, to - at);
            xs.get(at, x, 0, len);
            for (int i = 0; i < len; i++) {
                o[i] = -2f * Math.min(Math.max(x[i], -CLAMP), CLAMP);
            }
            Nd4jFloatExp.inPlace(o, len);
            for (int i = 0; i < len; i++) {
                float c = Math.min(Math.max(x[i], -CLAMP), CLAMP);
                float v2 = c * c;
                float series = ((((v2 * c6 + c4) * v2 - c2) * v2) + 1f) * c;
                float e = o[i];
                float w = Math.min(Math.max((Math.abs(x[i]) - FLOAT_LIMIT) * FLOAT_STEEP, 0f), 1f);
                o[i] = w * ((1f - e) / (1f + e)) + (1f - w) * series;
            }
            os.put(at, o, 0, len);
        }
    }

    /** {@code o = w (1 - E) / (1 + E) + (1 - w) series(c)}, with {@code o} holding E. */
    private static void finish(DoubleBuffer xs, DoubleBuffer os, int from, int to) {
        double[][] s = Nd4jHostKernels.doubleScratch();
        double[] x = s[0];
        double[] o = s[1];
        for (int at = from; at < to; at += CHUNK) {
            int len = Math.min(CHUNK, to - at);
            xs.get(at, x, 0, len);
            os.get(at, o, 0, len);
            for (int i = 0; i < len; i++) {
                double c = Math.min(Math.max(x[i], -CLAMP), CLAMP);
                double v2 = c * c;
                double series = ((((v2 * C6 + C4) * v2 - C2) * v2) + 1.0) * c;
                double e = o[i];
                double w = Math.min(Math.max((Math.abs(x[i]) - DOUBLE_LIMIT) * DOUBLE_STEEP, 0), 1);
                o[i] = w * ((1 - e) / (1 + e)) + (1 - w) * series;
            }
            os.put(at, o, 0, len);
        }
    }
}
