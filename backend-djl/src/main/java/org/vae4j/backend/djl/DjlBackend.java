package org.vae4j.backend.djl;

import ai.djl.engine.EngineException;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
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

/**
 * The DJL (PyTorch) backend on one device. Arguments arrive checked by {@link AbstractBackend};
 * each op builds an empty result directly when the result holds no elements, runs the PyTorch
 * kernel otherwise, and wraps the new array in a tensor. A failure inside PyTorch becomes a {@link
 * BackendException} naming the op.
 *
 * <p>Every array is attached to one {@link PtNDManager} per backend instance. Memory scopes are the
 * tracking scopes of {@link AbstractBackend}, not child managers: DJL attaches a result to its
 * first input's manager, whereas vae4j puts it in the innermost scope of the calling thread, so a
 * child manager per scope would still need every result moved into it. Closing the backend closes
 * its manager, which frees every array still attached. No tensor's array asks for gradients, so
 * PyTorch records no graph; its autograd runs only inside the transposed convolution ({@link
 * DjlConvolutions}), on a scratch array of its own.
 */
final class DjlBackend extends AbstractBackend<DjlTensor> {
    private final DjlRuntime runtime;
    private final DjlThreads threads;
    private final DjlBlas blas; // null: PyTorch's products
    private final DjlHost host; // null: PyTorch's elementwise kernels
    private final PtNDManager manager;

    /**
     * A backend whose ops take their thread counts from {@code threads}, whose products on the CPU
     * go to {@code blas} and whose elementwise expressions on the CPU to {@code host} (null:
     * PyTorch's).
     */
    DjlBackend(DjlRuntime runtime, Device device, DjlThreads threads, DjlBlas blas, DjlHost host) {
        super(DjlBackendProvider.NAME, device, capabilities(device), DjlTensor.class);
        this.runtime = runtime;
        this.threads = threads;
        this.blas = device.type() == Device.Type.CPU ? blas : null;
        this.host = device.type() == Device.Type.CPU ? host : null;
        this.manager = (PtNDManager) runtime.engine().newBaseManager(djlDevice(device));
        manager.setName("vae4j " + device);
    }

    private static Set<Capability> capabilities(Device device) {
        Set<Capability> c =
                EnumSet.of(Capability.FLOAT64, Capability.READ_VALUES, Capability.TRAINING);
        if (device.type() == Device.Type.CUDA) {
            c.add(Capability.CUDA);
        }
        return c;
    }

    private static ai.djl.Device djlDevice(Device device) {
        return device.type() == Device.Type.CUDA
                ? ai.djl.Device.gpu(device.index())
                : ai.djl.Device.cpu();
    }

    /** Returns the manager all of this backend's arrays are attached to; for tests. */
    PtNDManager manager() {
        return manager;
    }

    /**
     * Returns the device, the DJL and PyTorch versions, the native build ({@code cpu}, or a CUDA
     * flavor such as {@code cu124}) with its classifier and path, PyTorch's compiled features, the
     * intra-op and inter-op thread counts (and where the intra-op count came from), the cores,
     * DJL's offline mode and cache directory, whether CUDA is present, which library runs the
     * products ({@link DjlBlas}) and where elementwise expressions run ({@link DjlHost}).
     */
    @Override
    public Map<String, String> info() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("device", device().toString());
        runtime.describe(info);
        info.put(
                "products",
                (blas != null ? blas.describe() : "PyTorch")
                        + " (-D"
                        + DjlBlas.PROPERTY
                        + "=openblas|pytorch)");
        info.put(
                "elementwise",
                (host != null ? host.describe() : "PyTorch, op by op")
                        + " (-D"
                        + DjlHost.PROPERTY
                        + "=host|pytorch)");
        return info;
    }

    /**
     * Returns -1, "not tracked": PyTorch's CPU allocator keeps no statistics that DJL exposes, and
     * a count of this backend's own tensor bytes would miss PyTorch's temporaries and its
     * allocator. {@link #memory()} still counts live tensors; the tests also check that every
     * native handle an op makes is released.
     */
    @Override
    protected long nativeBytes() {
        return -1;
    }

    /** Frees every array still attached to this backend's manager. */
    @Override
    protected void onClose() {
        manager.close();
    }

    @Override
    protected DjlTensor createFloats(float[] data, Shape shape) {
        return run(
                "fromFloats",
                shape,
                DType.FLOAT32,
                () -> DjlArrays.fromFloats(manager, data, shape));
    }

    @Override
    protected DjlTensor createDoubles(double[] data, Shape shape) {
        return run(
                "fromDoubles",
                shape,
                DType.FLOAT64,
                () -> DjlArrays.fromDoubles(manager, data, shape));
    }

    @Override
    protected DjlTensor createFull(Shape shape, double value, DType dtype) {
        return run("full", shape, dtype, () -> DjlArrays.full(manager, shape, value, dtype));
    }

    @Override
    protected DjlTensor unaryOp(Op op, DjlTensor x) {
        DType dt = x.dtype();
        DjlTensor onHost =
                DjlHost.takes(op) ? onHost(op, x.shape(), (o, in) -> host.op(op, o, in), x) : null;
        return onHost != null
                ? onHost
                : run(op, x.shape(), dt, () -> DjlElementwise.unary(op, x.array(), dt));
    }

    @Override
    protected DjlTensor binaryOp(Op op, DjlTensor a, DjlTensor b, Shape out) {
        DType dt = a.dtype();
        DjlTensor onHost =
                DjlHost.takes(op) ? onHost(op, out, (o, in) -> host.op(op, o, in), a, b) : null;
        return onHost != null
                ? onHost
                : run(op, out, dt, () -> DjlElementwise.binary(op, a.array(), b.array(), dt));
    }

    /**
     * Returns {@code kernel}'s result on the storage of {@code in} ({@link DjlHost}), or null where
     * it does not run there: no host loops (not the CPU, or turned off) or an empty result.
     */
    private DjlTensor onHost(Object what, Shape out, HostKernel kernel, DjlTensor... in) {
        if (host == null || out.size() == 0) {
            return null;
        }
        PtNDArray[] arrays = new PtNDArray[in.length];
        for (int k = 0; k < in.length; k++) {
            arrays[k] = in[k].array();
        }
        return run(what, out, in[0].dtype(), () -> kernel.run(out.toLongArray(), arrays));
    }

    /** A {@link DjlHost} kernel: a new array of shape {@code out}, beside {@code in[0]}. */
    @FunctionalInterface
    private interface HostKernel {
        PtNDArray run(long[] out, PtNDArray[] in);
    }

    @Override
    protected DjlTensor whereOp(DjlTensor condition, DjlTensor a, DjlTensor b, Shape out) {
        DType dt = a.dtype();
        return run(
                Op.WHERE,
                out,
                dt,
                () -> DjlElementwise.where(condition.array(), a.array(), b.array(), dt));
    }

    /**
     * On the CPU in one pass over the storage ({@link DjlHost}), unless a few of PyTorch's kernels
     * do it faster ({@link DjlHost#asKernels}); else one op at a time.
     */
    @Override
    protected Tensor elementwiseOp(Elementwise expression, List<DjlTensor> inputs, Shape out) {
        if (host != null && !host.asKernels(expression)) {
            DjlTensor fused =
                    onHost(
                            "elementwise",
                            out,
                            (o, in) -> host.fused(expression, o, in),
                            inputs.toArray(new DjlTensor[0]));
            if (fused != null) {
                return fused;
            }
        }
        return super.elementwiseOp(expression, inputs, out);
    }

    /**
     * On the CPU in one pass over the storage ({@link DjlHost#fusedSum}), unless PyTorch's kernels
     * and sum do it faster ({@link DjlHost#asKernels}); else (or with nothing to sum) the
     * composite.
     */
    @Override
    protected Tensor elementwiseSumOp(
            Elementwise expression,
            List<DjlTensor> inputs,
            Shape full,
            int[] axes,
            boolean keepDims,
            Shape out) {
        DjlTensor fused =
                full.size() == 0 || host == null || host.asKernels(expression)
                        ? null
                        : onHost(
                                "elementwiseSum",
                                out,
                                (o, in) ->
                                        host.fusedSum(expression, full.toLongArray(), axes, o, in),
                                inputs.toArray(new DjlTensor[0]));
        return fused != null
                ? fused
                : super.elementwiseSumOp(expression, inputs, full, axes, keepDims, out);
    }

    /**
     * On the CPU in one pass over the storage when x repeats whole over the logits' rows ({@link
     * DjlHost}); else the composite.
     */
    @Override
    protected Tensor bernoulliLogLikelihoodOp(DjlTensor logits, DjlTensor x, Shape out) {
        if (HostBernoulli.takes(logits.shape().toLongArray(), x.shape().toLongArray())) {
            DjlTensor fused =
                    onHost(
                            "bernoulliLogLikelihood",
                            out,
                            (o, in) -> host.bernoulli(o, in),
                            logits,
                            x);
            if (fused != null) {
                return fused;
            }
        }
        return super.bernoulliLogLikelihoodOp(logits, x, out);
    }

    /**
     * On the CPU, one pass over all the tensors ({@link DjlHost#allFinite}); else the composite.
     */
    @Override
    protected boolean allFiniteOp(List<DjlTensor> tensors) {
        if (host == null) {
            return super.allFiniteOp(tensors);
        }
        List<PtNDArray> arrays = new ArrayList<>(tensors.size());
        for (DjlTensor t : tensors) {
            if (t.shape().size() > 0) {
                arrays.add(t.array());
            }
        }
        return host.allFinite(arrays);
    }

    @Override
    protected DjlTensor reduceOp(Op op, DjlTensor x, int[] axes, boolean keepDims, Shape out) {
        DjlTensor onHost =
                x.shape().size() > 0
                        ? onHost(op, out, (o, in) -> host.reduce(op, axes, o, in[0]), x)
                        : null;
        return onHost != null
                ? onHost
                : run(
                        op,
                        out,
                        x.dtype(),
                        () -> DjlStructural.reduce(op, x.array(), axes, keepDims, out));
    }

    @Override
    protected DjlTensor matmulOp(
            DjlTensor a, DjlTensor b, boolean transposeA, boolean transposeB, Shape out) {
        if (blas != null) {
            return run(
                    Op.MATMUL,
                    out,
                    a.dtype(),
                    () -> {
                        PtNDArray c = blas.matmul(a.array(), b.array(), transposeA, transposeB);
                        return c != null
                                ? c
                                : DjlStructural.matmul(
                                        a.array(), b.array(), transposeA, transposeB);
                    });
        }
        return run(
                Op.MATMUL,
                out,
                a.dtype(),
                out.size() * a.shape().dim(transposeA ? 0 : 1),
                () -> DjlStructural.matmul(a.array(), b.array(), transposeA, transposeB));
    }

    /**
     * With OpenBLAS's products, those with work run side by side on the workers ({@link
     * DjlBlas#multiply}), each into a result it creates; otherwise one after another.
     */
    @Override
    protected Tensor[] matmulsOp(List<CheckedProduct<DjlTensor>> products) {
        if (blas == null
                || products.size() < 2
                || !products.stream().allMatch(CheckedProduct::hasWork)) {
            return super.matmulsOp(products);
        }
        DjlTensor[] out = new DjlTensor[products.size()];
        List<DjlBlas.Into> work = new ArrayList<>(out.length);
        for (int i = 0; i < out.length; i++) {
            CheckedProduct<DjlTensor> p = products.get(i);
            PtNDArray a = p.a().array();
            long[] dims = p.out().toLongArray();
            out[i] =
                    run(
                            Op.MATMUL,
                            p.out(),
                            p.a().dtype(),
                            () -> DjlArrays.empty(a.getManager(), dims, a.getDataType()));
            work.add(
                    new DjlBlas.Into(
                            a, p.b().array(), out[i].array(), p.transposeA(), p.transposeB()));
        }
        try {
            blas.multiply(work);
        } catch (RuntimeException e) {
            throw failure(Op.MATMUL, e);
        }
        return out;
    }

    @Override
    protected Tensor conv2dOp(DjlTensor x, DjlTensor weight, Conv2dSpec spec, Shape out) {
        // each output element sums in-channels x kernel area products: weight [out, in, kH, kW]
        long perOutput = kernelVolume(weight.shape());
        return run(
                Op.CONV2D,
                out,
                x.dtype(),
                out.size() * perOutput,
                () -> DjlConvolutions.conv2d(x.array(), weight.array(), spec, out));
    }

    @Override
    protected Tensor convTranspose2dOp(DjlTensor x, DjlTensor weight, Conv2dSpec spec, Shape out) {
        // each input element spreads over out-channels x kernel area: weight [in, out, kH, kW]
        long perInput = kernelVolume(weight.shape());
        return run(
                Op.CONV_TRANSPOSE2D,
                out,
                x.dtype(),
                x.shape().size() * perInput,
                () -> DjlConvolutions.convTranspose2d(x.array(), weight.array(), spec, out));
    }

    /**
     * The product of a kernel's axes after the first: {@code [a, b, kH, kW]} gives {@code b kH kW}.
     */
    private static long kernelVolume(Shape weight) {
        long v = 1;
        for (int i = 1; i < weight.rank(); i++) {
            v *= weight.dim(i);
        }
        return v;
    }

    @Override
    protected Tensor linearOp(DjlTensor x, DjlTensor weight, DjlTensor bias) {
        Shape out = Shape.of(x.shape().dim(0), weight.shape().dim(0));
        PtNDArray b = bias == null ? null : bias.array();
        if (blas != null) {
            return run(
                    "linear",
                    out,
                    x.dtype(),
                    () -> {
                        PtNDArray c = blas.linear(x.array(), weight.array(), b);
                        return c != null ? c : DjlStructural.linear(x.array(), weight.array(), b);
                    });
        }
        return run(
                "linear",
                out,
                x.dtype(),
                out.size() * x.shape().dim(1),
                () -> DjlStructural.linear(x.array(), weight.array(), b));
    }

    @Override
    protected DjlTensor reshapeOp(DjlTensor x, Shape out) {
        if (out.size() == 0) {
            return run(Op.RESHAPE, out, x.dtype(), () -> DjlStructural.reshape(x.array(), out));
        }
        DjlRuntime.prepareThread(threads.opThreads());
        PtNDArray view;
        try {
            view = JniUtils.reshape(x.array(), out.toLongArray());
        } catch (RuntimeException e) {
            throw failure(Op.RESHAPE, e);
        }
        return x.reshaped(this, view, out);
    }

    @Override
    protected DjlTensor permuteOp(DjlTensor x, int[] axes, Shape out) {
        return run(
                Op.PERMUTE,
                out,
                x.dtype(),
                () -> DjlStructural.permute(x.array(), x.shape(), axes, out));
    }

    /**
     * On the CPU one pass over the storage ({@link DjlHost#broadcast}); else PyTorch's expanded
     * view, copied.
     */
    @Override
    protected DjlTensor broadcastToOp(DjlTensor x, Shape out) {
        DjlTensor onHost = onHost(Op.BROADCAST_TO, out, (o, in) -> host.broadcast(o, in[0]), x);
        return onHost != null
                ? onHost
                : run(
                        Op.BROADCAST_TO,
                        out,
                        x.dtype(),
                        () -> DjlStructural.broadcastTo(x.array(), out));
    }

    @Override
    protected DjlTensor concatOp(List<DjlTensor> parts, int axis, Shape out) {
        List<PtNDArray> arrays = new ArrayList<>(parts.size());
        for (DjlTensor p : parts) {
            arrays.add(p.array());
        }
        return run(Op.CONCAT, out, parts.get(0).dtype(), () -> DjlStructural.concat(arrays, axis));
    }

    @Override
    protected DjlTensor sliceOp(DjlTensor x, int axis, int start, int end, Shape out) {
        return run(
                Op.SLICE, out, x.dtype(), () -> DjlStructural.slice(x.array(), axis, start, end));
    }

    @Override
    protected DjlTensor takeOp(DjlTensor x, int[] indices, Shape out) {
        return run(
                Op.TAKE,
                out,
                x.dtype(),
                () -> DjlStructural.take(x.array(), x.shape(), indices, out));
    }

    @Override
    protected DjlTensor castOp(DjlTensor x, DType dtype) {
        return run(
                Op.CAST, x.shape(), dtype, () -> DjlStructural.cast(x.array(), x.dtype(), dtype));
    }

    /**
     * Overwrites the target's storage in place ({@code index_put_} over every index), so the target
     * keeps its array and its place in its scope.
     */
    @Override
    protected void assignOp(DjlTensor target, DjlTensor value) {
        DjlRuntime.prepareThread(threads.opThreads());
        if (target.shape().size() == 0) {
            return;
        }
        try {
            DjlInPlace.assign(target.writable(), value.array(), target.shape());
        } catch (RuntimeException e) {
            throw failure("assign", e);
        }
    }

    /**
     * One Adam step in the arrangement and rounding order of {@link
     * org.vae4j.api.ops.CompositeOps#adamUpdate}: on the CPU one pass over the tensors' memory
     * ({@link org.vae4j.api.support.HostAdam}), elsewhere PyTorch's in-place ops, without the
     * composite's 14 temporary tensors and three copies.
     */
    @Override
    protected void adamUpdateOp(
            DjlTensor param, DjlTensor grad, DjlTensor m, DjlTensor v, AdamStep step) {
        DjlRuntime.prepareThread(threads.opThreads());
        if (param.shape().size() == 0) {
            return;
        }
        try {
            if (device().equals(Device.CPU)) {
                DjlInPlace.hostAdam(
                        param.writable(), grad.array(), m.writable(), v.writable(), step);
            } else {
                DjlInPlace.adam(
                        param.writable(),
                        grad.array(),
                        m.writable(),
                        v.writable(),
                        step,
                        param.dtype());
            }
        } catch (RuntimeException e) {
            throw failure("adamUpdate", e);
        }
    }

    /**
     * Runs a kernel, or makes the empty result directly, and wraps the array in a new tensor of the
     * expected shape and dtype.
     */
    private DjlTensor run(Object what, Shape out, DType dtype, Supplier<PtNDArray> kernel) {
        return run(what, out, dtype, 0, kernel);
    }

    /** {@link #run(Object, Shape, DType, Supplier)} for a product of {@code work} multiply-adds. */
    private DjlTensor run(
            Object what, Shape out, DType dtype, long work, Supplier<PtNDArray> kernel) {
        DjlRuntime.prepareThread(threads.forWork(work));
        PtNDArray array;
        try {
            array = out.size() == 0 ? DjlArrays.full(manager, out, 0, dtype) : kernel.get();
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
        if (!Arrays.equals(array.getShape().getShape(), out.toLongArray())
                || array.getDataType() != DjlArrays.of(dtype)) {
            String found = array.getDataType() + " " + array.getShape();
            array.close();
            throw new BackendException(
                    "Backend 'djl': "
                            + what
                            + " produced "
                            + found
                            + " where "
                            + dtype
                            + " "
                            + out
                            + " was expected");
        }
        try {
            return new DjlTensor(this, array, out, dtype);
        } catch (RuntimeException e) {
            array.close(); // a sealed scope refused the tensor
            throw e;
        }
    }

    private static BackendException failure(Object what, RuntimeException e) {
        String reason = e instanceof EngineException ? firstLine(e.getMessage()) : e.toString();
        return new BackendException("Backend 'djl' failed in " + what + ": " + reason, e);
    }

    /** PyTorch's messages carry a C++ stack trace after the first line. */
    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
