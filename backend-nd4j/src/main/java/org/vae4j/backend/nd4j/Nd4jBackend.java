package org.vae4j.backend.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.BackendException;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.support.AbstractBackend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.host.HostBernoulli;
import org.vae4j.host.HostElementwise;
import org.vae4j.host.HostFusedSum;
import org.vae4j.host.HostFusion;

/**
 * The ND4J backend on one device. Arguments arrive checked by {@link AbstractBackend}; each op
 * builds an empty result directly when the result holds no elements (ND4J's kernels do not all
 * accept empty arrays), runs the ND4J kernel otherwise, and wraps the new array in a tensor. A
 * failure inside ND4J becomes a {@link BackendException} naming the op.
 */
final class Nd4jBackend extends AbstractBackend<Nd4jTensor> {
    private final Nd4jRuntime runtime;
    private final Nd4jHostWork host;

    /** The CUDA device index ops run on, or -1 on the CPU. */
    private final int cudaDevice;

    Nd4jBackend(Nd4jRuntime runtime, Device device, Nd4jHostWork host) {
        super(Nd4jBackendProvider.NAME, device, capabilities(runtime), Nd4jTensor.class);
        this.runtime = runtime;
        this.host = host;
        this.cudaDevice = device.type() == Device.Type.CUDA ? device.index() : -1;
    }

    private static Set<Capability> capabilities(Nd4jRuntime runtime) {
        Set<Capability> c =
                EnumSet.of(Capability.FLOAT64, Capability.READ_VALUES, Capability.TRAINING);
        if (runtime.cuda()) {
            c.add(Capability.CUDA);
        }
        return c;
    }

    /**
     * Returns the device, the ND4J version and backend class, the native build ({@code generic},
     * {@code avx2}, {@code avx512} or {@code cuda}) and the classifier it came from, the best build
     * for this CPU, the BLAS vendor, the OpenMP and BLAS thread counts, how host work is spread
     * over cores, and whether CUDA is present.
     */
    @Override
    public Map<String, String> info() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("device", device().toString());
        runtime.describe(info);
        info.put("host.work", host.describe());
        return info;
    }

    /**
     * Returns the bytes of ND4J's native buffers on the CPU: libnd4j's own allocation counter, for
     * the whole process (every backend instance, the freed arrays {@link Nd4jArrayPool} keeps for
     * reuse, and ND4J's own temporaries awaiting collection).
     */
    @Override
    protected long nativeBytes() {
        return runtime.nativeBytes();
    }

    /** Frees the arrays kept for reuse. */
    @Override
    protected void onClose() {
        Nd4jArrayPool.shared().clear();
    }

    /**
     * On the CPU build, one bulk copy into a new buffer: {@code Nd4j.create(float[], ...)} stores
     * element by element: about 4.5% of the samples of a training step, uploading each batch.
     */
    @Override
    protected Nd4jTensor createFloats(float[] data, Shape shape) {
        if (onCpu() && data.length > 0) {
            return run(
                    "fromFloats",
                    shape,
                    DType.FLOAT32,
                    () -> {
                        INDArray a = Nd4jArrays.uninitialized(shape, DType.FLOAT32);
                        a.data().asNioFloat().put(0, data);
                        return a;
                    });
        }
        return run("fromFloats", shape, DType.FLOAT32, () -> Nd4j.create(data, dims(shape), 'c'));
    }

    /** As {@link #createFloats}. */
    @Override
    protected Nd4jTensor createDoubles(double[] data, Shape shape) {
        if (onCpu() && data.length > 0) {
            return run(
                    "fromDoubles",
                    shape,
                    DType.FLOAT64,
                    () -> {
                        INDArray a = Nd4jArrays.uninitialized(shape, DType.FLOAT64);
                        a.data().asNioDouble().put(0, data);
                        return a;
                    });
        }
        return run("fromDoubles", shape, DType.FLOAT64, () -> Nd4j.create(data, dims(shape), 'c'));
    }

    private static INDArray hostFull(Shape shape, double value, DType dtype) {
        return Nd4jHostKernels.full(dims(shape), value, Nd4jArrays.of(dtype));
    }

    private boolean onCpu() {
        return cudaDevice < 0 && !runtime.cuda();
    }

    @Override
    protected Nd4jTensor createFull(Shape shape, double value, DType dtype) {
        if (onCpu() && shape.size() > 0) {
            return run("full", shape, dtype, () -> hostFull(shape, value, dtype));
        }
        return run("full", shape, dtype, () -> Nd4jArrays.full(shape, value, dtype));
    }

    /** Returns whether {@link HostElementwise} computes {@code op} into a result of out. */
    private boolean onHost(Op op, Shape out) {
        return onCpu() && out.size() > 0 && HostElementwise.takes(op);
    }

    private Nd4jTensor onHost(Op op, Shape out, DType dt, INDArray... in) {
        return run(op, out, dt, () -> Nd4jHostKernels.elementwise(op, dims(out), host, in));
    }

    @Override
    protected Nd4jTensor unaryOp(Op op, Nd4jTensor x) {
        if (onHost(op, x.shape())) {
            return onHost(op, x.shape(), x.dtype(), x.array());
        }
        return run(op, x.shape(), x.dtype(), () -> Nd4jElementwise.unary(op, x.array()));
    }

    @Override
    protected Nd4jTensor binaryOp(Op op, Nd4jTensor a, Nd4jTensor b, Shape out) {
        DType dt = a.dtype();
        if (onHost(op, out)) {
            return onHost(op, out, dt, a.array(), b.array());
        }
        return run(op, out, dt, () -> Nd4jElementwise.binary(op, a.array(), b.array(), out, dt));
    }

    @Override
    protected Nd4jTensor whereOp(Nd4jTensor condition, Nd4jTensor a, Nd4jTensor b, Shape out) {
        DType dt = a.dtype();
        if (onHost(Op.WHERE, out)) {
            return onHost(Op.WHERE, out, dt, condition.array(), a.array(), b.array());
        }
        return run(
                Op.WHERE,
                out,
                dt,
                () -> Nd4jElementwise.where(condition.array(), a.array(), b.array(), out, dt));
    }

    /** On the CPU build, vae-host's loops ({@link Nd4jHostKernels#reduce}). */
    @Override
    protected Nd4jTensor reduceOp(Op op, Nd4jTensor x, int[] axes, boolean keepDims, Shape out) {
        DType dt = x.dtype();
        if (onCpu() && x.shape().size() > 0) {
            return run(
                    op,
                    out,
                    dt,
                    () -> Nd4jHostKernels.reduce(op, x.array(), axes, dims(out), host));
        }
        return run(
                op, out, dt, () -> Nd4jStructural.reduce(op, x.array(), axes, keepDims, out, dt));
    }

    /** On the CPU build, BLAS's {@code gemm} straight into the result ({@link Nd4jGemm}). */
    @Override
    protected Nd4jTensor matmulOp(
            Nd4jTensor a, Nd4jTensor b, boolean transposeA, boolean transposeB, Shape out) {
        DType dt = a.dtype();
        if (onCpu() && a.shape().size() > 0 && b.shape().size() > 0 && out.size() > 0) {
            return run(
                    Op.MATMUL,
                    out,
                    dt,
                    () -> {
                        INDArray z = Nd4jArrays.uninitialized(out, dt);
                        gemm(a.array(), b.array(), z, transposeA, transposeB, false);
                        return z;
                    });
        }
        return run(
                Op.MATMUL,
                out,
                dt,
                () -> Nd4jStructural.matmul(a.array(), b.array(), transposeA, transposeB, out, dt));
    }

    /**
     * On the CPU build, products with work run side by side on the workers ({@link Nd4jGemm}), each
     * into a result it creates; otherwise one after another.
     */
    @Override
    protected Tensor[] matmulsOp(List<CheckedProduct<Nd4jTensor>> products) {
        if (!onCpu()
                || products.size() < 2
                || !products.stream().allMatch(CheckedProduct::hasWork)) {
            return super.matmulsOp(products);
        }
        Nd4jTensor[] out = new Nd4jTensor[products.size()];
        List<Nd4jGemm.Product> work = new ArrayList<>(out.length);
        for (int i = 0; i < out.length; i++) {
            CheckedProduct<Nd4jTensor> p = products.get(i);
            DType dt = p.a().dtype();
            out[i] = run(Op.MATMUL, p.out(), dt, () -> Nd4jArrays.uninitialized(p.out(), dt));
            work.add(
                    new Nd4jGemm.Product(
                            p.a().array(),
                            p.b().array(),
                            out[i].array(),
                            p.transposeA(),
                            p.transposeB(),
                            false));
        }
        try {
            Nd4jGemm.multiply(work, host);
        } catch (RuntimeException e) {
            throw failure(Op.MATMUL, e);
        }
        return out;
    }

    /**
     * On the CPU build with a bias, the bias's rows are written into the result and {@code gemm}
     * adds the product to them.
     */
    @Override
    protected Tensor linearOp(Nd4jTensor x, Nd4jTensor weight, Nd4jTensor bias) {
        Shape out = Shape.of(x.shape().dim(0), weight.shape().dim(0));
        DType dt = x.dtype();
        if (onCpu() && bias != null && x.shape().size() > 0 && out.size() > 0) {
            return run(
                    "linear",
                    out,
                    dt,
                    () -> {
                        INDArray z =
                                Nd4jHostKernels.elementwise(
                                        Op.BROADCAST_TO, dims(out), host, bias.array());
                        gemm(x.array(), weight.array(), z, false, true, true);
                        return z;
                    });
        }
        INDArray b = bias == null ? null : bias.array();
        return run(
                "linear",
                out,
                dt,
                () -> Nd4jStructural.linear(x.array(), weight.array(), b, out, dt));
    }

    /** On the CPU build in one pass ({@link HostFusion}); on CUDA one op at a time. */
    @Override
    protected Tensor elementwiseOp(Elementwise expression, List<Nd4jTensor> inputs, Shape out) {
        if (!onCpu() || out.size() == 0) {
            return super.elementwiseOp(expression, inputs, out);
        }
        INDArray[] arrays = arrays(inputs);
        return run(
                "elementwise",
                out,
                inputs.get(0).dtype(),
                () -> Nd4jHostKernels.fused(expression, dims(out), host, arrays));
    }

    /** On the CPU build in one pass ({@link HostFusedSum}); on CUDA the composite. */
    @Override
    protected Tensor elementwiseSumOp(
            Elementwise expression,
            List<Nd4jTensor> inputs,
            Shape full,
            int[] axes,
            boolean keepDims,
            Shape out) {
        if (!onCpu() || full.size() == 0 || out.size() == 0) {
            return super.elementwiseSumOp(expression, inputs, full, axes, keepDims, out);
        }
        INDArray[] arrays = arrays(inputs);
        return run(
                "elementwiseSum",
                out,
                inputs.get(0).dtype(),
                () ->
                        Nd4jHostKernels.fusedSum(
                                expression, dims(full), axes, dims(out), host, arrays));
    }

    private static INDArray[] arrays(List<Nd4jTensor> tensors) {
        INDArray[] arrays = new INDArray[tensors.size()];
        for (int k = 0; k < arrays.length; k++) {
            arrays[k] = tensors.get(k).array();
        }
        return arrays;
    }

    /** On the CPU build one pass over all the tensors' storage; on CUDA the composite. */
    @Override
    protected boolean allFiniteOp(List<Nd4jTensor> tensors) {
        if (!onCpu()) {
            return super.allFiniteOp(tensors);
        }
        List<INDArray> arrays = new ArrayList<>(tensors.size());
        for (Nd4jTensor t : tensors) {
            arrays.add(t.array());
        }
        return Nd4jHostKernels.allFinite(arrays, host);
    }

    /**
     * On the CPU build, {@link HostBernoulli} when x repeats whole over the logits' rows; else the
     * composite.
     */
    @Override
    protected Tensor bernoulliLogLikelihoodOp(Nd4jTensor logits, Nd4jTensor x, Shape out) {
        if (onCpu() && HostBernoulli.takes(dims(logits.shape()), dims(x.shape()))) {
            return run(
                    "bernoulliLogLikelihood",
                    out,
                    logits.dtype(),
                    () -> Nd4jHostKernels.bernoulli(logits.array(), x.array(), dims(out), host));
        }
        return super.bernoulliLogLikelihoodOp(logits, x, out);
    }

    /**
     * On the CPU build, products around im2col ({@link Nd4jHostConvolutions}); on CUDA libnd4j's
     * {@code conv2d} kernel ({@link Nd4jConvolutions}).
     */
    @Override
    protected Tensor conv2dOp(Nd4jTensor x, Nd4jTensor weight, Conv2dSpec spec, Shape out) {
        DType dt = x.dtype();
        if (onCpu()) {
            return run(
                    Op.CONV2D,
                    out,
                    dt,
                    () ->
                            Nd4jHostConvolutions.conv2d(
                                    x.array(), weight.array(), spec, dims(out), host));
        }
        return run(
                Op.CONV2D,
                out,
                dt,
                () -> Nd4jConvolutions.conv2d(x.array(), weight.array(), spec, out, dt));
    }

    /**
     * On the CPU build, products around col2im ({@link Nd4jHostConvolutions}); on CUDA libnd4j's
     * {@code deconv2d} kernel, cropped for output padding ({@link Nd4jConvolutions}).
     */
    @Override
    protected Tensor convTranspose2dOp(
            Nd4jTensor x, Nd4jTensor weight, Conv2dSpec spec, Shape out) {
        DType dt = x.dtype();
        if (onCpu()) {
            return run(
                    Op.CONV_TRANSPOSE2D,
                    out,
                    dt,
                    () ->
                            Nd4jHostConvolutions.convTranspose2d(
                                    x.array(), weight.array(), spec, dims(out), host));
        }
        return run(
                Op.CONV_TRANSPOSE2D,
                out,
                dt,
                () -> Nd4jConvolutions.convTranspose2d(x.array(), weight.array(), spec, out, dt));
    }

    /**
     * On the CPU build, products of the gradient with the input's columns ({@link
     * Nd4jHostConvolutions}); on CUDA the composite default, a convolution.
     */
    @Override
    protected Tensor conv2dKernelGradientOp(
            Nd4jTensor x, Nd4jTensor grad, Conv2dSpec spec, Shape out) {
        if (!onCpu()) {
            return super.conv2dKernelGradientOp(x, grad, spec, out);
        }
        return run(
                "conv2dKernelGradient",
                out,
                x.dtype(),
                () ->
                        Nd4jHostConvolutions.kernelGradient(
                                x.array(), grad.array(), spec, dims(out), host));
    }

    private void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, boolean acc) {
        Nd4jGemm.multiply(a, b, c, ta, tb, acc, host);
    }

    /** The same buffer in the new shape, not a copy ({@link Nd4jTensor#reshaped}). */
    @Override
    protected Nd4jTensor reshapeOp(Nd4jTensor x, Shape out) {
        if (out.size() == 0) {
            return run(Op.RESHAPE, out, x.dtype(), () -> Nd4jArrays.empty(out, x.dtype()));
        }
        attach();
        return x.reshaped(this, out);
    }

    @Override
    protected Nd4jTensor permuteOp(Nd4jTensor x, int[] axes, Shape out) {
        return run(Op.PERMUTE, out, x.dtype(), () -> Nd4jStructural.permute(x.array(), axes));
    }

    /** On the CPU build, {@link HostElementwise} when the shape changes. */
    @Override
    protected Nd4jTensor broadcastToOp(Nd4jTensor x, Shape out) {
        if (!x.shape().equals(out) && onHost(Op.BROADCAST_TO, out)) {
            return onHost(Op.BROADCAST_TO, out, x.dtype(), x.array());
        }
        return run(
                Op.BROADCAST_TO, out, x.dtype(), () -> Nd4jStructural.broadcastTo(x.array(), out));
    }

    @Override
    protected Nd4jTensor concatOp(List<Nd4jTensor> parts, int axis, Shape out) {
        List<INDArray> arrays = new ArrayList<>(parts.size());
        for (Nd4jTensor p : parts) {
            arrays.add(p.array());
        }
        return run(Op.CONCAT, out, parts.get(0).dtype(), () -> Nd4jStructural.concat(arrays, axis));
    }

    @Override
    protected Nd4jTensor sliceOp(Nd4jTensor x, int axis, int start, int end, Shape out) {
        return run(
                Op.SLICE, out, x.dtype(), () -> Nd4jStructural.slice(x.array(), axis, start, end));
    }

    @Override
    protected Nd4jTensor takeOp(Nd4jTensor x, int[] indices, Shape out) {
        DType dt = x.dtype();
        return run(Op.TAKE, out, dt, () -> Nd4jStructural.take(x.array(), indices, out, dt));
    }

    @Override
    protected Nd4jTensor castOp(Nd4jTensor x, DType dtype) {
        return run(Op.CAST, x.shape(), dtype, () -> Nd4jStructural.cast(x.array(), dtype));
    }

    /**
     * On the CPU build, the whole step in one pass over the buffers ({@link Nd4jHostKernels}); on
     * CUDA the composite step.
     */
    @Override
    protected void adamUpdateOp(
            Nd4jTensor param, Nd4jTensor grad, Nd4jTensor m, Nd4jTensor v, AdamStep step) {
        if (!onCpu()) {
            super.adamUpdateOp(param, grad, m, v, step);
            return;
        }
        if (param.shape().size() == 0) {
            return;
        }
        try {
            Nd4jHostKernels.adam(param.writable(), grad.array(), m.writable(), v.writable(), step);
        } catch (RuntimeException e) {
            throw failure("adamUpdate", e);
        }
    }

    /** Overwrites the target's buffer in place. */
    @Override
    protected void assignOp(Nd4jTensor target, Nd4jTensor value) {
        attach();
        if (target.shape().size() > 0) {
            try {
                target.writable().assign(value.array());
            } catch (RuntimeException e) {
                throw failure("assign", e);
            }
        }
    }

    /**
     * Runs a kernel on this backend's device, or makes the empty result directly, and wraps the
     * array in a new tensor of the expected shape and dtype.
     */
    private Nd4jTensor run(Object what, Shape out, DType dtype, Supplier<INDArray> kernel) {
        attach();
        INDArray array;
        try {
            array = Nd4jArrays.owned(out.size() == 0 ? Nd4jArrays.empty(out, dtype) : kernel.get());
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
        if (!Arrays.equals(array.shape(), dims(out)) || array.dataType() != Nd4jArrays.of(dtype)) {
            array.close();
            throw new BackendException(
                    "Backend 'nd4j': "
                            + what
                            + " produced "
                            + array.dataType()
                            + " "
                            + Arrays.toString(array.shape())
                            + " where "
                            + dtype
                            + " "
                            + out
                            + " was expected");
        }
        try {
            return new Nd4jTensor(this, array, out, dtype);
        } catch (RuntimeException e) {
            array.close(); // a sealed scope refused the tensor
            throw e;
        }
    }

    private static BackendException failure(Object what, RuntimeException e) {
        return new BackendException("Backend 'nd4j' failed in " + what + ": " + e.getMessage(), e);
    }

    /** Binds the calling thread to this backend's GPU, as ND4J keeps the device per thread. */
    private void attach() {
        if (cudaDevice >= 0) {
            AffinityManager affinity = Nd4j.getAffinityManager();
            if (affinity.getDeviceForCurrentThread() != cudaDevice) {
                affinity.unsafeSetDevice(cudaDevice);
            }
        }
    }

    private static long[] dims(Shape shape) {
        return shape.toLongArray();
    }
}
