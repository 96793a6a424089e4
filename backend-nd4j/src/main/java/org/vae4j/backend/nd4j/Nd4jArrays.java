package org.vae4j.backend.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastTo;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * Creating and normalising the arrays tensors hold: dense, row-major, never a view, so that the
 * values are the buffer in order (a reshape holds its source's whole buffer, see {@link
 * Nd4jStorage}).
 */
final class Nd4jArrays {
    private Nd4jArrays() {}

    /** Returns ND4J's data type for a vae4j dtype. */
    static DataType of(DType dtype) {
        return dtype == DType.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** Returns a new array whose values are not initialised. */
    static INDArray uninitialized(Shape shape, DType dtype) {
        return uninitialized(of(dtype), shape.toLongArray());
    }

    /** Returns a new array of the same shape and type whose values are not initialised. */
    static INDArray like(INDArray x) {
        return uninitialized(x.dataType(), x.shape());
    }

    /**
     * Returns an array no tensor holds whose values are not initialised: a freed one of this dtype
     * and shape from {@link Nd4jArrayPool}, or a new one.
     */
    static INDArray uninitialized(DataType type, long[] shape) {
        INDArray x = Nd4jArrayPool.shared().take(type, shape);
        return x != null ? x : Nd4j.createUninitialized(type, shape, 'c');
    }

    /** Gives back an array nothing holds any more, to {@link Nd4jArrayPool} or to be freed. */
    static void recycle(INDArray x) {
        Nd4jArrayPool.shared().recycle(x);
    }

    /**
     * Returns a new array filled with one value; an empty array (a size-0 dimension) when the shape
     * holds no elements, built directly since ND4J's ops do not all accept empty shapes.
     */
    static INDArray full(Shape shape, double value, DType dtype) {
        if (shape.size() == 0) {
            return empty(shape, dtype);
        }
        return Nd4j.valueArrayOf(shape.toLongArray(), value, of(dtype));
    }

    /** Returns a new empty array: a shape that holds no elements. */
    static INDArray empty(Shape shape, DType dtype) {
        return Nd4j.create(of(dtype), shape.toLongArray());
    }

    /** Returns a new array holding {@code x} broadcast to a compatible, non-empty shape. */
    static INDArray broadcastTo(INDArray x, Shape shape) {
        long[] dims = shape.toLongArray();
        INDArray z = uninitialized(x.dataType(), dims);
        Nd4j.exec(new BroadcastTo(x, dims, z));
        return z;
    }

    /**
     * Returns the fresh result of an ND4J op as an array a tensor may hold: {@code x} itself if it
     * owns its buffer densely in row-major order, or else a dense copy, closing {@code x} unless it
     * is a view (whose buffer belongs to another array).
     */
    static INDArray owned(INDArray x) {
        if (isDense(x)) {
            return x;
        }
        INDArray copy = x.dup('c');
        if (x.closeable()) {
            x.close();
        }
        return copy;
    }

    private static boolean isDense(INDArray x) {
        if (x.isView()) {
            return false;
        }
        return x.isEmpty()
                || (x.ordering() == 'c'
                        && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(x)
                        && x.offset() == 0
                        && x.data().length() == x.length());
    }
}
