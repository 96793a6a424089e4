package org.vae4j.backend.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.host.ElementCut;
import org.vae4j.host.HostArray;
import org.vae4j.host.HostBernoulli;
import org.vae4j.host.HostElementwise;
import org.vae4j.host.HostFusion;
import org.vae4j.host.HostMath;

/**
 * Elementwise expressions of CPU tensors in one pass over their storage ({@link HostFusion}, the
 * loops nd4j runs) instead of one PyTorch kernel per node, each of which writes a full-size
 * temporary. An expression's nodes must give the bits of the ops one at a time, so the ops whose
 * value is not one IEEE operation (exp, log, tanh, softplus, ..., pow) run on the host alone too
 * ({@link HostElementwise}); the exact ones stay PyTorch's kernels, whose bits are the same. The
 * fused Bernoulli log-likelihood runs here too ({@link HostBernoulli}: one exp per element and one
 * log per row, where PyTorch's softplus takes an exp and a log per element). {@value
 * #PROPERTY}{@code =pytorch} turns this off.
 */
final class DjlHost {
    /** The system property that chooses where elementwise expressions run. */
    static final String PROPERTY = "vae4j.djl.elementwise";

    private final ElementCut cut;

    /** Expressions cut into pieces by {@code cut}. */
    DjlHost(ElementCut cut) {
        this.cut = cut;
    }

    /**
     * Returns the host loops of this JVM, on {@link ElementCut#shared()}; null when {@code
     * property} (the value of {@value #PROPERTY}) is {@code pytorch}.
     *
     * @throws IllegalArgumentException if the property names neither
     */
    static DjlHost fromSettings(String property) {
        String chosen = property == null ? "host" : property;
        if (chosen.equals("pytorch")) {
            return null;
        }
        if (!chosen.equals("host")) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + " must be host or pytorch, not '" + chosen + "'");
        }
        return new DjlHost(ElementCut.shared());
    }

    /** Returns whether {@code op} runs here when it runs alone. */
    static boolean takes(Op op) {
        return HostMath.takes(op) || op == Op.POW;
    }

    /** Describes the cut for {@code vae backends}. */
    String describe() {
        return "fused on the host, cut over " + cut.parallel().workers() + " workers";
    }

    /** Returns the storage of CPU arrays ({@link DjlArrays#storage}) to compute on. */
    static HostArray[] views(PtNDArray... in) {
        HostArray[] views = new HostArray[in.length];
        for (int k = 0; k < in.length; k++) {
            views[k] = view(in[k]);
        }
        return views;
    }

    /**
     * Returns the expression over {@code in} ({@link #views} of arrays of {@code like}'s dtype,
     * broadcast to {@code out}, which is not empty) in a new array beside {@code like}.
     */
    PtNDArray fused(Elementwise e, long[] out, PtNDArray like, HostArray[] in) {
        return into(out, like, z -> HostFusion.apply(e, z, cut, in));
    }

    /** Returns {@code op} of {@code in} (as in {@link #fused}) in a new array. */
    PtNDArray op(Op op, long[] out, PtNDArray like, HostArray[] in) {
        return into(out, like, z -> HostElementwise.apply(op, z, cut, in));
    }

    /**
     * Returns the Bernoulli log-likelihood of each row of {@code in[0]} (logits) under {@code
     * in[1]} (x) ({@link HostBernoulli}, shapes it takes) in a new array of shape {@code out}.
     */
    PtNDArray bernoulli(long[] out, PtNDArray like, HostArray[] in) {
        return into(out, like, z -> HostBernoulli.logLikelihood(in[0], in[1], z, cut));
    }

    /** Returns a new array of {@code out} and {@code like}'s dtype, written by {@code body}. */
    private static PtNDArray into(long[] out, PtNDArray like, Consumer<HostArray> body) {
        PtNDArray z = DjlArrays.empty(like.getManager(), out, like.getDataType());
        HostArray view;
        try {
            view = view(z);
        } catch (RuntimeException e) {
            z.close();
            throw e;
        }
        try {
            body.accept(view);
        } catch (RuntimeException | Error e) {
            z.close();
            throw e;
        }
        return z;
    }

    private static HostArray view(PtNDArray x) {
        ByteBuffer b = DjlArrays.storage(x);
        long[] shape = x.getShape().getShape();
        return new HostArray(
                x.getDataType() == DataType.FLOAT32 ? b.asFloatBuffer() : b.asDoubleBuffer(),
                shape);
    }
}
