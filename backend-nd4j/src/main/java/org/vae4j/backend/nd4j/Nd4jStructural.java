package org.vae4j.backend.nd4j;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * Reductions, matrix products and movement on validated arguments whose result is not empty, each
 * returning a new array. Inputs may still be empty (a sum over a size-0 axis, an inner size of 0):
 * those cases are computed here without ND4J, whose kernels refuse them. ND4J's movement methods
 * return views of their input, which are copied.
 */
final class Nd4jStructural {
    private Nd4jStructural() {}

    /** SUM or MAX over sorted, distinct axes; no axes is a copy. */
    static INDArray reduce(Op op, INDArray x, int[] axes, boolean keepDims, Shape out, DType dt) {
        if (axes.length == 0) {
            return x.dup('c');
        }
        if (x.isEmpty()) {
            return Nd4jArrays.full(out, 0.0, dt); // a SUM over an empty axis; MAX is refused
        }
        return op == Op.SUM ? x.sum(keepDims, axes) : x.max(keepDims, axes);
    }

    /**
     * {@code op(a) @ op(b)} by gemm with transpose flags (libnd4j's {@code matmul}), written into a
     * row-major result; an inner size of 0 gives zeros. Transposing is left to BLAS: {@code
     * INDArray.mmul} of a transposed view runs several times slower.
     */
    static INDArray matmul(INDArray a, INDArray b, boolean ta, boolean tb, Shape out, DType dt) {
        if (a.isEmpty() || b.isEmpty()) {
            return Nd4jArrays.full(out, 0.0, dt);
        }
        INDArray z = Nd4jArrays.uninitialized(out, dt);
        MMulTranspose flags = MMulTranspose.builder().transposeA(ta).transposeB(tb).build();
        Nd4j.exec(new Mmul(a, b, z, flags));
        return z;
    }

    /**
     * {@code x @ weight^T + bias} by libnd4j's fused {@code xw_plus_b} (its integer argument 1
     * transposes the weight), written straight into a row-major result: a few percent faster than a
     * product followed by a broadcast add.
     */
    static INDArray linear(INDArray x, INDArray weight, INDArray bias, Shape out, DType dt) {
        if (x.isEmpty() || weight.isEmpty()) {
            return bias == null ? Nd4jArrays.full(out, 0.0, dt) : Nd4jArrays.broadcastTo(bias, out);
        }
        if (bias == null) {
            return matmul(x, weight, false, true, out, dt);
        }
        INDArray z = Nd4jArrays.uninitialized(out, dt);
        Nd4j.exec(
                DynamicCustomOp.builder("xw_plus_b")
                        .addInputs(x, weight, bias)
                        .addOutputs(z)
                        .addIntegerArguments(1)
                        .build());
        return z;
    }

    /** Result axis {@code i} is input axis {@code axes[i]}. */
    static INDArray permute(INDArray x, int[] axes) {
        return x.rank() < 2 ? x.dup('c') : x.permute(axes).dup('c');
    }

    /** Repeats size-1 and missing leading axes. */
    static INDArray broadcastTo(INDArray x, Shape out) {
        return Arrays.equals(x.shape(), out.toLongArray())
                ? x.dup('c')
                : Nd4jArrays.broadcastTo(x, out);
    }

    /** Joins along an axis, skipping empty parts, which ND4J's concat does not take. */
    static INDArray concat(List<INDArray> parts, int axis) {
        INDArray[] nonEmpty = parts.stream().filter(p -> !p.isEmpty()).toArray(INDArray[]::new);
        return nonEmpty.length == 1 ? nonEmpty[0].dup('c') : Nd4j.concat(axis, nonEmpty);
    }

    /** Indices {@code [start, end)} of one axis. */
    static INDArray slice(INDArray x, int axis, int start, int end) {
        INDArrayIndex[] index = new INDArrayIndex[x.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[axis] = NDArrayIndex.interval(start, end);
        return x.get(index).dup('c');
    }

    /**
     * Entries of axis 0 by index. The indices go in as an array: given as integer arguments, ND4J
     * drops the axis for a single index and crashes the JVM on a rank-1 input.
     */
    static INDArray take(INDArray x, int[] indices, Shape out, DType dt) {
        try (INDArray index = Nd4j.createFromArray(indices)) {
            INDArray z = Nd4jArrays.uninitialized(out, dt);
            Gather gather = new Gather(x, index, 0);
            gather.addOutputArgument(z);
            Nd4j.exec(gather);
            return z;
        }
    }

    /** A copy in another (or the same) dtype. */
    static INDArray cast(INDArray x, DType dtype) {
        return x.dataType() == Nd4jArrays.of(dtype) ? x.dup('c') : x.castTo(Nd4jArrays.of(dtype));
    }
}
