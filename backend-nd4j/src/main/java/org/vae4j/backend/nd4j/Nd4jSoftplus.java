package org.vae4j.backend.nd4j;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code softplus(x) = max(x, 0) + log1p(e^-|x|)} for dense row-major float32 arrays of the CPU
 * build, in five passes instead of eleven kernels: three Java passes around libnd4j's exp and log
 * ({@link Nd4jTranscendentals}), each pass cut into pieces over cores ({@link Nd4jHostWork}). log1p
 * keeps its rounding correction, {@code log1p(e) = log(u) - ((u - 1) - e) / u} with {@code u = 1 +
 * e}, and every operation rounds as the kernels did, so the values are the same bits. The Bernoulli
 * log-likelihood of the importance-sampled evaluation applies it to millions of logits per chunk.
 */
final class Nd4jSoftplus {
    private static final int CHUNK = Nd4jHostKernels.CHUNK;

    private Nd4jSoftplus() {}

    /** Returns {@code softplus(x)} in a new array. */
    static INDArray of(INDArray x, Nd4jHostWork host) {
        int n = (int) x.length();
        INDArray e = Nd4jArrays.like(x);
        INDArray out = Nd4jArrays.like(x);
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer es = e.data().asNioFloat();
        FloatBuffer os = out.data().asNioFloat();
        Nd4jHostKernels.negatedMagnitude(x, e, host);
        Nd4jTranscendentals.exp(e, e, host);
        host.elements(n, (from, to) -> onePlus(es, os, (int) from, (int) to));
        Nd4jTranscendentals.log(out, out, host);
        host.elements(n, (from, to) -> finish(xs, es, os, (int) from, (int) to));
        Nd4jArrays.recycle(e);
        return out;
    }

    /** {@code u = 1 + e}. */
    private static void onePlus(FloatBuffer es, FloatBuffer us, int from, int to) {
        float[] a = Nd4jHostKernels.floatScratch()[0];
        for (int at = from; at < to; at += CHUNK) {
            int len = Math.min(CHUNK, to - at);
            es.get(at, a, 0, len);
            for (int i = 0; i < len; i++) {
                a[i] = a[i] + 1f;
            }
            us.put(at, a, 0, len);
        }
    }

    /**
     * {@code out = (log(u) - ((u - 1) - e) / u) + max(x, 0)}, with {@code out} holding log(u).
     * {@code Math.max} rather than a comparison, so that the JIT vectorises the loop (twice as fast
     * for the whole softplus); it differs from relu only at NaN, where the sum is NaN either way.
     */
    private static void finish(FloatBuffer xs, FloatBuffer es, FloatBuffer os, int from, int to) {
        float[][] s = Nd4jHostKernels.floatScratch();
        float[] x = s[0];
        float[] e = s[1];
        float[] o = s[2];
        for (int at = from; at < to; at += CHUNK) {
            int len = Math.min(CHUNK, to - at);
            xs.get(at, x, 0, len);
            es.get(at, e, 0, len);
            os.get(at, o, 0, len);
            for (int i = 0; i < len; i++) {
                float u = e[i] + 1f;
                float correction = ((u - 1f) - e[i]) / u;
                o[i] = (o[i] - correction) + Math.max(x[i], 0f);
            }
            os.put(at, o, 0, len);
        }
    }
}
