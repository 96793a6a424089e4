package org.vae4j.backend.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.host.ElementCut;
import org.vae4j.host.EngineSplit;
import org.vae4j.host.HostArray;
import org.vae4j.host.HostBernoulli;
import org.vae4j.host.HostElementwise;
import org.vae4j.host.HostFinite;
import org.vae4j.host.HostFusedSum;
import org.vae4j.host.HostFusion;
import org.vae4j.host.HostMath;
import org.vae4j.host.HostReductions;

/**
 * Elementwise expressions of CPU tensors in passes over their storage ({@link HostFusion}, the
 * loops nd4j runs) instead of one PyTorch kernel per node, each of which writes a full-size
 * temporary. Sigmoid stays PyTorch's kernel, which libtorch vectorises: an expression is cut around
 * it ({@link EngineSplit}) and the host fuses the rest. An expression's nodes must give the bits of
 * the ops one at a time, so the other ops whose value is not one IEEE operation (exp, tanh,
 * softplus, ..., pow) run on the host alone too ({@link HostElementwise}); the exact ones stay
 * PyTorch's kernels, whose bits are the same, and an expression of a few of them runs as those
 * kernels ({@link #asKernels}). The fused Bernoulli log-likelihood runs here too ({@link
 * HostBernoulli}: one exp per element and one log per row, where PyTorch's softplus takes an exp
 * and a log per element), and so do SUM and MAX over axes ({@link HostReductions}, nd4j's loops)
 * and the check that gradients are finite ({@link HostFinite}, all of them in one pass). {@value
 * #PROPERTY}{@code =pytorch} turns this off.
 */
final class DjlHost {
    /** The system property that chooses where elementwise expressions run. */
    static final String PROPERTY = "vae4j.djl.elementwise";

    /**
     * The most kernels an expression of exact ops runs as ({@link #asKernels}): at three, PyTorch's
     * kernels and one host pass took about as long at the MLP models' shapes (docs/PERFORMANCE.md).
     */
    static final int KERNELS = 3;

    /** Ops PyTorch computes in one kernel, with the host's bits. */
    private static final Set<Op> ONE_KERNEL =
            EnumSet.of(
                    Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.NEG, Op.SQUARE, Op.ABS, Op.RELU, Op.MAXIMUM);

    private static final Elementwise IDENTITY;

    static {
        Elementwise.Builder b = Elementwise.builder(1);
        IDENTITY = b.build(b.input(0));
    }

    private final ElementCut cut;
    private final int kernels;

    /**
     * Expressions cut into pieces by {@code cut}; those of at most {@code kernels} exact ops run as
     * PyTorch's kernels.
     */
    DjlHost(ElementCut cut, int kernels) {
        this.cut = cut;
        this.kernels = kernels;
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
        return new DjlHost(ElementCut.shared(), KERNELS);
    }

    /**
     * Returns whether {@code op} runs as PyTorch's kernel, alone and inside expressions ({@link
     * EngineSplit}): sigmoid, which libtorch vectorises and the host computes about 4 times more
     * slowly. (Log, 1.5 times, lost more to the extra passes of a cut than it gained;
     * docs/PERFORMANCE.md.)
     */
    static boolean engineComputes(Op op) {
        return op == Op.SIGMOID;
    }

    /**
     * Returns whether {@code e} runs faster as PyTorch's kernels, one per node, than in a pass
     * here: when it has at least one and at most {@code kernels} op and constant nodes and each op
     * is one kernel with the host's bits or one {@link #engineComputes}. A pass here costs more per
     * element than a kernel, since Java 17 copies the storage through arrays to vectorise a loop;
     * it pays when it saves several kernels, each a pass over memory, or computes what PyTorch
     * computes with other bits.
     */
    boolean asKernels(Elementwise e) {
        int count = 0;
        for (Elementwise.Node node : e.nodes()) {
            if (node.isInput()) {
                continue;
            }
            if (node.op() != null
                    && !ONE_KERNEL.contains(node.op())
                    && !engineComputes(node.op())) {
                return false;
            }
            count++;
        }
        return count > 0 && count <= kernels;
    }

    /** Returns whether {@code op} runs here when it runs alone. */
    static boolean takes(Op op) {
        return (HostMath.takes(op) && !engineComputes(op)) || op == Op.POW;
    }

    /** Describes the cut for {@code vae backends}. */
    String describe() {
        return "fused on the host, cut over "
                + cut.parallel().workers()
                + " workers; sigmoid by PyTorch, and expressions of up to "
                + kernels
                + " exact ops as its kernels; sums, maxima and the finiteness check on the host";
    }

    /**
     * Returns the expression over {@code in} (CPU arrays of one dtype, broadcast to {@code out},
     * which is not empty) in a new array: its nodes {@link #engineComputes} as PyTorch's kernels,
     * the rest around them in passes over the storage.
     */
    PtNDArray fused(Elementwise e, long[] out, PtNDArray[] in) {
        EngineSplit split = EngineSplit.of(e, shapes(in), DjlHost::engineComputes);
        if (split == null) {
            return into(out, in[0], z -> HostFusion.apply(e, z, cut, views(in)));
        }
        PtNDArray value = engineOp(split, in);
        boolean handedOut = false;
        try {
            Elementwise.Node result = split.rest().nodes().get(split.rest().result());
            if (result.isInput()
                    && result.input() == in.length
                    && Arrays.equals(split.shape(), out)) {
                handedOut = true;
                return value;
            }
            PtNDArray[] with = Arrays.copyOf(in, in.length + 1);
            with[in.length] = value;
            return fused(split.rest(), out, with);
        } finally {
            if (!handedOut) {
                value.close();
            }
        }
    }

    /**
     * Returns the sum over {@code axes} of the expression over {@code in} (as in {@link #fused},
     * broadcast to {@code full}) in a new array of shape {@code out} (not empty), in one pass
     * ({@link HostFusedSum}) after the nodes PyTorch computes.
     */
    PtNDArray fusedSum(Elementwise e, long[] full, int[] axes, long[] out, PtNDArray[] in) {
        EngineSplit split = EngineSplit.of(e, shapes(in), DjlHost::engineComputes);
        if (split == null) {
            return into(out, in[0], z -> HostFusedSum.apply(e, z, full, axes, cut, views(in)));
        }
        try (PtNDArray value = engineOp(split, in)) {
            PtNDArray[] with = Arrays.copyOf(in, in.length + 1);
            with[in.length] = value;
            return fusedSum(split.rest(), full, axes, out, with);
        }
    }

    private static long[][] shapes(PtNDArray[] in) {
        long[][] shapes = new long[in.length][];
        for (int k = 0; k < in.length; k++) {
            shapes[k] = in[k].getShape().getShape();
        }
        return shapes;
    }

    /** Returns PyTorch's op of the split's argument, which is computed first unless an input. */
    private PtNDArray engineOp(EngineSplit split, PtNDArray[] in) {
        DType dtype = in[0].getDataType() == DataType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
        int k = split.argumentInput();
        if (k >= 0) {
            return DjlElementwise.unary(split.op(), in[k], dtype);
        }
        PtNDArray[] from = new PtNDArray[split.from().length];
        for (int i = 0; i < from.length; i++) {
            from[i] = in[split.from()[i]];
        }
        try (PtNDArray argument = fused(split.argument(), split.shape(), from)) {
            return DjlElementwise.unary(split.op(), argument, dtype);
        }
    }

    /** Returns {@code in} broadcast to {@code out} (not empty) in a new array. */
    PtNDArray broadcast(long[] out, PtNDArray in) {
        return into(out, in, z -> HostFusion.apply(IDENTITY, z, cut, views(in)));
    }

    /** Returns {@code op} of {@code in} (as in {@link #fused}) in a new array. */
    PtNDArray op(Op op, long[] out, PtNDArray[] in) {
        return into(out, in[0], z -> HostElementwise.apply(op, z, cut, views(in)));
    }

    /**
     * Returns whether every element of the arrays (not empty) is finite, in one pass over all of
     * them ({@link HostFinite}).
     */
    boolean allFinite(List<PtNDArray> arrays) {
        List<HostArray> views = new ArrayList<>(arrays.size());
        for (PtNDArray x : arrays) {
            views.add(view(x));
        }
        return HostFinite.all(views, cut);
    }

    /**
     * Returns SUM or MAX of {@code x} (not empty) over sorted, distinct {@code axes} ({@link
     * HostReductions}) in a new array of shape {@code out}: libtorch's reductions cost more to set
     * up than the MLP models' sums take.
     */
    PtNDArray reduce(Op op, int[] axes, long[] out, PtNDArray x) {
        HostArray v = view(x);
        return into(out, x, z -> HostReductions.reduce(op, v, axes, z, cut));
    }

    /**
     * Returns the Bernoulli log-likelihood of each row of {@code in[0]} (logits) under {@code
     * in[1]} (x) ({@link HostBernoulli}, shapes it takes) in a new array of shape {@code out}.
     */
    PtNDArray bernoulli(long[] out, PtNDArray[] in) {
        HostArray[] v = views(in);
        return into(out, in[0], z -> HostBernoulli.logLikelihood(v[0], v[1], z, cut));
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

    /** Returns the storage of CPU arrays ({@link DjlArrays#storage}) to compute on. */
    static HostArray[] views(PtNDArray... in) {
        HostArray[] views = new HostArray[in.length];
        for (int k = 0; k < in.length; k++) {
            views[k] = view(in[k]);
        }
        return views;
    }

    private static HostArray view(PtNDArray x) {
        ByteBuffer b = DjlArrays.storage(x);
        long[] shape = x.getShape().getShape();
        return new HostArray(
                x.getDataType() == DataType.FLOAT32 ? b.asFloatBuffer() : b.asDoubleBuffer(),
                shape);
    }
}
