package org.vae4j.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ops.AdamStep;

/**
 * Kernels of the CPU build that run as Java loops over the arrays' native memory, where ND4J's own
 * are slow for a reason other than arithmetic:
 *
 * <ul>
 *   <li>The Adam step as one pass over the four buffers, in place. The composite step runs about
 *       fifteen ND4J kernels, each allocating (and first-touching) a result the size of the
 *       parameter; for the 400x784 weights of the MNIST VAE that was over a third of a training
 *       step.
 *   <li>The sum of all elements. libnd4j's whole-array reduction hands the work to its thread pool
 *       and waits: about 1 ms of the calling thread's CPU time (and more on other threads) even for
 *       2,560 elements, against 36 microseconds for this loop; training sums every gradient and
 *       every checked distribution parameter at each step.
 * </ul>
 */
final class Nd4jHostKernels {
    private Nd4jHostKernels() {}

    /**
     * Returns the sum of all elements of a dense, row-major, non-empty float or double CPU array,
     * accumulated in double (in four interleaved partial sums), so that a NaN or an infinity makes
     * it NaN or infinite as it does the kernel's.
     */
    static double sum(INDArray x) {
        int n = (int) x.length();
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer b = x.data().asNioFloat();
            for (; i + 3 < n; i += 4) {
                s0 += b.get(i);
                s1 += b.get(i + 1);
                s2 += b.get(i + 2);
                s3 += b.get(i + 3);
            }
            for (; i < n; i++) {
                s0 += b.get(i);
            }
        } else {
            DoubleBuffer b = x.data().asNioDouble();
            for (; i + 3 < n; i += 4) {
                s0 += b.get(i);
                s1 += b.get(i + 1);
                s2 += b.get(i + 2);
                s3 += b.get(i + 3);
            }
            for (; i < n; i++) {
                s0 += b.get(i);
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * One Adam step on dense, row-major, non-empty CPU arrays of one shape and dtype, rounding as
     * {@code CompositeOps.adamUpdate} does: each constant is rounded to the dtype first and each
     * operation is rounded to the dtype, in the same order: {@code m = m * b1 + g * (1 - b1)},
     * {@code v = v * b2 + g^2 * (1 - b2)}, {@code p = p * (1 - lr * wd) - (m / (sqrt(v) * (1 /
     * sqrt(c2)) + eps)) * (lr / c1)}.
     */
    static void adam(INDArray param, INDArray grad, INDArray m, INDArray v, AdamStep s) {
        if (param.dataType() == DataType.FLOAT) {
            adamFloat(param, grad, m, v, s);
        } else {
            adamDouble(param, grad, m, v, s);
        }
    }

    private static void adamFloat(
            INDArray param, INDArray grad, INDArray m, INDArray v, AdamStep s) {
        FloatBuffer p = param.data().asNioFloat();
        FloatBuffer g = grad.data().asNioFloat();
        FloatBuffer mb = m.data().asNioFloat();
        FloatBuffer vb = v.data().asNioFloat();
        float b1 = (float) s.beta1();
        float oneMinusB1 = (float) (1 - s.beta1());
        float b2 = (float) s.beta2();
        float oneMinusB2 = (float) (1 - s.beta2());
        float unbias2 = (float) (1 / Math.sqrt(s.secondMomentCorrection()));
        float eps = (float) s.epsilon();
        float rate = (float) (s.learningRate() / s.firstMomentCorrection());
        boolean decay = s.weightDecay() != 0;
        float keep = (float) (1 - s.learningRate() * s.weightDecay());
        int n = (int) param.length();
        for (int i = 0; i < n; i++) {
            float gi = g.get(i);
            float mi = mb.get(i) * b1 + gi * oneMinusB1;
            float vi = vb.get(i) * b2 + (gi * gi) * oneMinusB2;
            mb.put(i, mi);
            vb.put(i, vi);
            float denominator = (float) Math.sqrt(vi) * unbias2 + eps;
            float update = (mi / denominator) * rate;
            float pi = decay ? p.get(i) * keep : p.get(i);
            p.put(i, pi - update);
        }
    }

    private static void adamDouble(
            INDArray param, INDArray grad, INDArray m, INDArray v, AdamStep s) {
        DoubleBuffer p = param.data().asNioDouble();
        DoubleBuffer g = grad.data().asNioDouble();
        DoubleBuffer mb = m.data().asNioDouble();
        DoubleBuffer vb = v.data().asNioDouble();
        double b1 = s.beta1();
        double oneMinusB1 = 1 - s.beta1();
        double b2 = s.beta2();
        double oneMinusB2 = 1 - s.beta2();
        double unbias2 = 1 / Math.sqrt(s.secondMomentCorrection());
        double eps = s.epsilon();
        double rate = s.learningRate() / s.firstMomentCorrection();
        boolean decay = s.weightDecay() != 0;
        double keep = 1 - s.learningRate() * s.weightDecay();
        int n = (int) param.length();
        for (int i = 0; i < n; i++) {
            double gi = g.get(i);
            double mi = mb.get(i) * b1 + gi * oneMinusB1;
            double vi = vb.get(i) * b2 + (gi * gi) * oneMinusB2;
            mb.put(i, mi);
            vb.put(i, vi);
            double denominator = Math.sqrt(vi) * unbias2 + eps;
            double update = (mi / denominator) * rate;
            double pi = decay ? p.get(i) * keep : p.get(i);
            p.put(i, pi - update);
        }
    }
}
