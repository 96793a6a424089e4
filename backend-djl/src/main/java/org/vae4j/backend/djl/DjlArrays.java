package org.vae4j.backend.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * Creating, copying and reading the arrays tensors hold. Every tensor's array is contiguous
 * (row-major); only a reshape shares its source's storage ({@link DjlTensor}). Values are copied
 * straight into the storage of an array PyTorch allocates; DJL's own {@code create(float[])} would
 * keep a fresh direct buffer per tensor, which only the garbage collector frees.
 */
final class DjlArrays {
    private DjlArrays() {}

    /** Returns DJL's data type for a vae4j dtype. */
    static DataType of(DType dtype) {
        return dtype == DType.FLOAT32 ? DataType.FLOAT32 : DataType.FLOAT64;
    }

    /** Returns DJL's shape for a vae4j shape. */
    static ai.djl.ndarray.types.Shape of(Shape shape) {
        return new ai.djl.ndarray.types.Shape(shape.toLongArray());
    }

    /** Returns a new array filled with one value, which is rounded once to the dtype. */
    static PtNDArray full(PtNDManager m, Shape shape, double value, DType dtype) {
        return JniUtils.full(m, of(shape), value, of(dtype), m.getDevice(), SparseFormat.DENSE);
    }

    /** Returns a new dense array whose values are not initialised. */
    static PtNDArray empty(PtNDManager m, long[] shape, DataType dt) {
        return JniUtils.createEmptyNdArray(
                m, new ai.djl.ndarray.types.Shape(shape), dt, m.getDevice(), SparseFormat.DENSE);
    }

    /**
     * Returns a CPU array's own storage (not a copy) in native byte order, to read and write in
     * place: PyTorch hands out a direct buffer over a contiguous CPU tensor's storage, and every
     * tensor's array is contiguous.
     *
     * @throws IllegalStateException if PyTorch gave a copy instead
     */
    static ByteBuffer storage(PtNDArray x) {
        ByteBuffer b = JniUtils.getByteBuffer(x, true);
        if (!b.isDirect() || b.capacity() != x.size() * x.getDataType().getNumOfBytes()) {
            throw new IllegalStateException(
                    "PyTorch gave a copy of a " + x.getShape() + " tensor, not its storage");
        }
        return b.order(ByteOrder.nativeOrder());
    }

    /** Returns a new rank-0 array. */
    static PtNDArray scalar(PtNDManager m, double value, DType dtype) {
        return full(m, Shape.scalar(), value, dtype);
    }

    /** Returns a new array holding a copy of {@code data}. */
    static PtNDArray fromFloats(PtNDManager m, float[] data, Shape shape) {
        return fromValues(m, of(shape), DataType.FLOAT32, b -> b.asFloatBuffer().put(data));
    }

    /** Returns a new array holding a copy of {@code data}. */
    static PtNDArray fromDoubles(PtNDManager m, double[] data, Shape shape) {
        return fromValues(m, of(shape), DataType.FLOAT64, b -> b.asDoubleBuffer().put(data));
    }

    /** Returns a new rank-1 int64 array of indices. */
    static PtNDArray indices(PtNDManager m, int[] indices) {
        return fromValues(
                m,
                new ai.djl.ndarray.types.Shape(indices.length),
                DataType.INT64,
                b -> {
                    var longs = b.asLongBuffer();
                    for (int i = 0; i < indices.length; i++) {
                        longs.put(i, indices[i]);
                    }
                });
    }

    /**
     * Returns a new array of {@code shape} whose values {@code writer} writes from the start of its
     * storage: a new CPU array (one copy), moved to the manager's device if that is a GPU.
     */
    private static PtNDArray fromValues(
            PtNDManager m,
            ai.djl.ndarray.types.Shape shape,
            DataType dt,
            Consumer<ByteBuffer> writer) {
        PtNDArray host =
                JniUtils.createEmptyNdArray(m, shape, dt, ai.djl.Device.cpu(), SparseFormat.DENSE);
        try {
            if (shape.size() > 0) {
                writer.accept(storage(host));
            }
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        if (!m.getDevice().isGpu()) {
            return host;
        }
        try (host) {
            return JniUtils.to(host, dt, m.getDevice());
        }
    }

    /** Copies the values out as floats, converting float64 values. */
    static float[] toFloats(PtNDArray array, DType dtype, int size) {
        float[] out = new float[size];
        if (size == 0) {
            return out;
        }
        ByteBuffer bytes = bytes(array);
        if (dtype == DType.FLOAT32) {
            bytes.asFloatBuffer().get(out);
        } else {
            var doubles = bytes.asDoubleBuffer();
            for (int i = 0; i < size; i++) {
                out[i] = (float) doubles.get(i);
            }
        }
        return out;
    }

    /** Copies the values out as doubles, widening float32 values. */
    static double[] toDoubles(PtNDArray array, DType dtype, int size) {
        double[] out = new double[size];
        if (size == 0) {
            return out;
        }
        ByteBuffer bytes = bytes(array);
        if (dtype == DType.FLOAT64) {
            bytes.asDoubleBuffer().get(out);
        } else {
            var floats = bytes.asFloatBuffer();
            for (int i = 0; i < size; i++) {
                out[i] = floats.get(i);
            }
        }
        return out;
    }

    /**
     * Returns the values in row-major order: a CPU array's own storage, a heap copy of a GPU
     * array's. A GPU array is first copied to the CPU here: DJL would do that itself, but into a
     * new sub-manager that lives as long as the array's manager.
     */
    private static ByteBuffer bytes(PtNDArray array) {
        if (!array.getManager().getDevice().isGpu()) {
            return storage(array);
        }
        PtNDArray onCpu = JniUtils.to(array, array.getDataType(), ai.djl.Device.cpu());
        try (NDManager scratch = onCpu.getManager();
                onCpu) {
            return JniUtils.getByteBuffer(onCpu, false);
        }
    }
}
