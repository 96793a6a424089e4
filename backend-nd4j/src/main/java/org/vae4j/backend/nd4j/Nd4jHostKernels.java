package org.vae4j.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.support.HostAdam;
import org.vae4j.host.HostArray;
import org.vae4j.host.HostBernoulli;
import org.vae4j.host.HostElementwise;
import org.vae4j.host.HostFinite;
import org.vae4j.host.HostFusedSum;
import org.vae4j.host.HostFusion;
import org.vae4j.host.HostReductions;
import org.vae4j.host.HostScratch;

/**
 * Kernels of the CPU build that run as Java loops over the arrays' native memory, where ND4J's own
 * are slow for a reason other than arithmetic:
 *
 * <ul>
 *   <li>The Adam step as one pass over the four buffers, in place ({@link HostAdam}).
 *   <li>Constants (a tensor filled with one value, most of them scalars), where dispatching a
 *       libnd4j op costs far more than writing them.
 *   <li>Every elementwise op and broadcast ({@link HostElementwise}), whole elementwise expressions
 *       in one pass ({@link HostFusion}) and the fused Bernoulli log-likelihood ({@link
 *       HostBernoulli}), on the arrays' storage.
 *   <li>SUM and MAX over any axes ({@link HostReductions}).
 * </ul>
 */
final class Nd4jHostKernels {
    private static final int CHUNK = HostScratch.CHUNK;

    private Nd4jHostKernels() {}

    /**
     * Returns a new dense row-major float or double CPU array of a non-empty shape holding one
     * value, written from Java: ND4J's fill kernel costs about 25 microseconds more per call, which
     * every scalar constant of a training step paid.
     */
    static INDArray full(long[] shape, double value, DataType type) {
        INDArray z = Nd4jArrays.uninitialized(type, shape);
        int n = (int) z.length();
        if (type == DataType.FLOAT) {
            float[] f = HostScratch.floats()[0];
            Arrays.fill(f, 0, Math.min(CHUNK, n), (float) value);
            FloatBuffer zf = z.data().asNioFloat();
            for (int from = 0; from < n; from += CHUNK) {
                zf.put(from, f, 0, Math.min(CHUNK, n - from));
            }
        } else {
            double[] d = HostScratch.doubles()[0];
            Arrays.fill(d, 0, Math.min(CHUNK, n), value);
            DoubleBuffer zd = z.data().asNioDouble();
            for (int from = 0; from < n; from += CHUNK) {
                zd.put(from, d, 0, Math.min(CHUNK, n - from));
            }
        }
        return z;
    }

    /**
     * Returns a new array of shape {@code out} holding {@code op} of {@code in} ({@link
     * HostElementwise}): dense row-major float or double CPU arrays of one dtype, broadcast to
     * {@code out}, which is not empty.
     */
    static INDArray elementwise(Op op, long[] out, Nd4jHostWork host, INDArray... in) {
        INDArray z = Nd4jArrays.uninitialized(in[0].dataType(), out);
        HostElementwise.apply(op, view(z), host.elementCut(), views(in));
        return z;
    }

    /** As {@link #elementwise}, for a whole expression in one pass ({@link HostFusion}). */
    static INDArray fused(Elementwise e, long[] out, Nd4jHostWork host, INDArray... in) {
        INDArray z = Nd4jArrays.uninitialized(in[0].dataType(), out);
        HostFusion.apply(e, view(z), host.elementCut(), views(in));
        return z;
    }

    /**
     * The sum over {@code axes} of the expression over {@code in} (broadcast to {@code full}) in
     * one pass ({@link HostFusedSum}), in a new array of shape {@code out}.
     */
    static INDArray fusedSum(
            Elementwise e, long[] full, int[] axes, long[] out, Nd4jHostWork host, INDArray... in) {
        INDArray z = Nd4jArrays.uninitialized(in[0].dataType(), out);
        HostFusedSum.apply(e, view(z), full, axes, host.elementCut(), views(in));
        return z;
    }

    /**
     * Returns SUM or MAX of {@code x} (a dense row-major float or double CPU array, not empty) over
     * sorted, distinct {@code axes} ({@link HostReductions}) in a new array of shape {@code out}.
     */
    static INDArray reduce(Op op, INDArray x, int[] axes, long[] out, Nd4jHostWork host) {
        INDArray z = Nd4jArrays.uninitialized(x.dataType(), out);
        HostReductions.reduce(op, view(x), axes, view(z), host.elementCut());
        return z;
    }

    /** The fused Bernoulli log-likelihood ({@link HostBernoulli}) in a new array of shape out. */
    static INDArray bernoulli(INDArray logits, INDArray x, long[] out, Nd4jHostWork host) {
        INDArray z = Nd4jArrays.uninitialized(logits.dataType(), out);
        HostBernoulli.logLikelihood(view(logits), view(x), view(z), host.elementCut());
        return z;
    }

    /**
     * Returns whether every element of the arrays (dense row-major float or double CPU arrays) is
     * finite ({@link HostFinite}), in one pass.
     */
    static boolean allFinite(List<INDArray> arrays, Nd4jHostWork host) {
        List<HostArray> views = new ArrayList<>(arrays.size());
        for (INDArray x : arrays) {
            if (x.length() > 0) {
                views.add(view(x));
            }
        }
        return HostFinite.all(views, host.elementCut());
    }

    /** Returns a dense row-major float or double CPU array's storage and shape. */
    private static HostArray view(INDArray x) {
        return new HostArray(
                x.dataType() == DataType.FLOAT ? x.data().asNioFloat() : x.data().asNioDouble(),
                x.shape());
    }

    private static HostArray[] views(INDArray[] in) {
        HostArray[] v = new HostArray[in.length];
        for (int k = 0; k < in.length; k++) {
            v[k] = view(in[k]);
        }
        return v;
    }

    /** One Adam step ({@link HostAdam}) on dense, row-major, non-empty CPU arrays. */
    static void adam(INDArray param, INDArray grad, INDArray m, INDArray v, AdamStep s) {
        int n = (int) param.length();
        if (param.dataType() == DataType.FLOAT) {
            HostAdam.step(
                    param.data().asNioFloat(),
                    grad.data().asNioFloat(),
                    m.data().asNioFloat(),
                    v.data().asNioFloat(),
                    n,
                    s);
        } else {
            HostAdam.step(
                    param.data().asNioDouble(),
                    grad.data().asNioDouble(),
                    m.data().asNioDouble(),
                    v.data().asNioDouble(),
                    n,
                    s);
        }
    }
}
