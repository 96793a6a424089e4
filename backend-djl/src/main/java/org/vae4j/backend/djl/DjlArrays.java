package org.vae4j.backend.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * Creating, copying and reading the arrays tensors hold. Every tensor's array is contiguous
 * (row-major) and the only handle on its storage, so that writing it in place changes no other
 * tensor and closing it frees the storage at once. Values come in through a small per-thread direct
 * buffer and are copied into memory PyTorch allocates; DJL's own {@code create(float[])} would keep
 * a fresh direct buffer per tensor, which only the garbage collector frees.
 */
final class DjlArrays {
    /** Bytes of the per-thread staging buffer: larger inputs are copied in chunks of this size. */
    private static final int STAGING_BYTES = 1 << 20;

    private static final ThreadLocal<ByteBuffer> STAGING =
            ThreadLocal.withInitial(
                    () -> ByteBuffer.allocateDirect(STAGING_BYTES).order(ByteOrder.nativeOrder()));

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
        return fromValues(
                m,
                data.length,
                of(shape),
                DataType.FLOAT32,
                4,
                (buffer, from, count) -> {
                    buffer.asFloatBuffer().put(data, from, count);
                });
    }

    /** Returns a new array holding a copy of {@code data}. */
    static PtNDArray fromDoubles(PtNDManager m, double[] data, Shape shape) {
        return fromValues(
                m,
                data.length,
                of(shape),
                DataType.FLOAT64,
                8,
                (buffer, from, count) -> {
                    buffer.asDoubleBuffer().put(data, from, count);
                });
    }

    /** Returns a new rank-1 int64 array of indices. */
    static PtNDArray indices(PtNDManager m, int[] indices) {
        int n = indices.length;
        return fromValues(
                m,
                n,
                new ai.djl.ndarray.types.Shape(n),
                DataType.INT64,
                8,
                (buffer, from, count) -> {
                    var longs = buffer.asLongBuffer();
                    for (int i = 0; i < count; i++) {
                        longs.put(i, indices[from + i]);
                    }
                });
    }

    /** Writes {@code count} values, starting at index {@code from}, to the start of a buffer. */
    @FunctionalInterface
    private interface Writer {
        void write(ByteBuffer buffer, int from, int count);
    }

    /**
     * Copies values into a new array through the staging buffer: in one piece (wrap the buffer,
     * then copy it into PyTorch's memory), or in chunks written into slices of a new flat array.
     */
    private static PtNDArray fromValues(
            PtNDManager m,
            int n,
            ai.djl.ndarray.types.Shape shape,
            DataType dt,
            int width,
            Writer writer) {
        ByteBuffer staging = STAGING.get();
        int perChunk = STAGING_BYTES / width;
        if (n <= perChunk) {
            writer.write(staging.clear(), 0, n);
            PtNDArray wrapped = wrap(m, staging, n * width, shape, dt);
            if (m.getDevice().isGpu()) {
                return wrapped; // DJL copied the buffer to the GPU: the array owns its storage
            }
            try (wrapped) {
                return JniUtils.clone(wrapped);
            }
        }
        try (PtNDArray flat =
                JniUtils.createEmptyNdArray(
                        m,
                        new ai.djl.ndarray.types.Shape(n),
                        dt,
                        m.getDevice(),
                        SparseFormat.DENSE)) {
            for (int from = 0; from < n; from += perChunk) {
                int count = Math.min(perChunk, n - from);
                writer.write(staging.clear(), from, count);
                try (PtNDArray chunk =
                        wrap(
                                m,
                                staging,
                                count * width,
                                new ai.djl.ndarray.types.Shape(count),
                                dt)) {
                    JniUtils.indexSet(
                            flat,
                            chunk,
                            new long[] {from},
                            new long[] {from + count},
                            new long[] {1});
                }
            }
            return JniUtils.reshape(flat, shape.getShape());
        }
    }

    /** Returns an array over the first {@code bytes} of the staging buffer, without copying. */
    private static PtNDArray wrap(
            PtNDManager m,
            ByteBuffer staging,
            int bytes,
            ai.djl.ndarray.types.Shape s,
            DataType dt) {
        ByteBuffer view = staging.clear().limit(bytes).slice().order(ByteOrder.nativeOrder());
        return JniUtils.createNdFromByteBuffer(m, view, s, dt, SparseFormat.DENSE, m.getDevice());
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
     * Returns a heap copy of the values in row-major order. A GPU array is first copied to the CPU
     * here: DJL would do that itself, but into a new sub-manager that lives as long as the array's
     * manager.
     */
    private static ByteBuffer bytes(PtNDArray array) {
        if (!array.getManager().getDevice().isGpu()) {
            return JniUtils.getByteBuffer(array, false);
        }
        PtNDArray onCpu = JniUtils.to(array, array.getDataType(), ai.djl.Device.cpu());
        try (NDManager scratch = onCpu.getManager();
                onCpu) {
            return JniUtils.getByteBuffer(onCpu, false);
        }
    }
}
