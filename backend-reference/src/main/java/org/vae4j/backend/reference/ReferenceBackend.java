package org.vae4j.backend.reference;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Op;
import org.vae4j.api.support.AbstractBackend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;

/**
 * The plain-Java backend the conformance suite compares every backend against: each op computed in
 * float64 over row-major {@code double[]} storage, straight from the {@link Op} Javadoc, with
 * float32 results rounded to float. Slow and simple on purpose.
 *
 * <pre>{@code
 * try (Backend reference = ReferenceBackend.create()) {
 *     Tensor x = reference.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(2, 2));
 *     reference.reduce(Op.SUM, x, new int[] {1}, false).toFloats();   // {3, 7}
 * }
 * }</pre>
 *
 * <p>{@link #memory()} reports as native bytes what the live tensors' values would take in their
 * dtype (4 or 8 bytes an element), so leak tests exercise that reading too. The class can be
 * extended only inside its package, where tests inject faults to prove the suite detects them.
 */
public class ReferenceBackend extends AbstractBackend<ReferenceTensor> {
    /** The backend's name. */
    public static final String NAME = "reference";

    /** What {@link #create()} declares: everything the reference can do. */
    public static final Set<Capability> ALL =
            Set.copyOf(EnumSet.of(Capability.FLOAT64, Capability.READ_VALUES, Capability.TRAINING));

    private final AtomicLong bytes = new AtomicLong();

    /** Creates a backend declaring {@code capabilities}, a subset of {@link #ALL}. */
    ReferenceBackend(Set<Capability> capabilities) {
        super(NAME, Device.CPU, capabilities, ReferenceTensor.class);
    }

    /** Opens a reference backend with every capability in {@link #ALL}. */
    public static ReferenceBackend create() {
        return new ReferenceBackend(ALL);
    }

    /**
     * Opens a reference backend that declares only some capabilities and refuses what the others
     * allow, to test how callers behave on a backend that lacks them.
     *
     * @throws IllegalArgumentException if a capability is not in {@link #ALL}
     */
    public static ReferenceBackend create(Set<Capability> capabilities) {
        if (!ALL.containsAll(capabilities)) {
            throw new IllegalArgumentException(
                    "The reference backend can declare only " + ALL + ", not " + capabilities);
        }
        return new ReferenceBackend(capabilities);
    }

    @Override
    public Map<String, String> info() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("engine", "plain Java, float64 arithmetic");
        info.put("java.version", System.getProperty("java.version"));
        info.put("capabilities", capabilities().toString());
        return info;
    }

    @Override
    protected long nativeBytes() {
        return bytes.get();
    }

    /** Counts storage made ({@code delta > 0}) or freed. */
    void allocated(long delta) {
        bytes.addAndGet(delta);
    }

    private ReferenceTensor tensor(Shape shape, DType dtype, double[] values) {
        return new ReferenceTensor(this, shape, dtype, values);
    }

    @Override
    protected ReferenceTensor createFloats(float[] data, Shape shape) {
        double[] values = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            values[i] = data[i];
        }
        return tensor(shape, DType.FLOAT32, values);
    }

    @Override
    protected ReferenceTensor createDoubles(double[] data, Shape shape) {
        return tensor(shape, DType.FLOAT64, data.clone());
    }

    @Override
    protected ReferenceTensor createFull(Shape shape, double value, DType dtype) {
        double[] values = new double[shape.sizeAsInt()];
        Arrays.fill(values, value);
        return tensor(shape, dtype, values);
    }

    @Override
    protected ReferenceTensor unaryOp(Op op, ReferenceTensor x) {
        double[] in = x.data();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = Kernels.unary(op, in[i]);
        }
        return tensor(x.shape(), x.dtype(), out);
    }

    @Override
    protected ReferenceTensor binaryOp(Op op, ReferenceTensor a, ReferenceTensor b, Shape out) {
        double[] va = Strides.gather(a.data(), walk(a, out));
        double[] vb = Strides.gather(b.data(), walk(b, out));
        for (int i = 0; i < va.length; i++) {
            va[i] = Kernels.binary(op, va[i], vb[i]);
        }
        return tensor(out, a.dtype(), va);
    }

    @Override
    protected ReferenceTensor whereOp(
            ReferenceTensor condition, ReferenceTensor ifTrue, ReferenceTensor ifFalse, Shape out) {
        double[] c = Strides.gather(condition.data(), walk(condition, out));
        double[] t = Strides.gather(ifTrue.data(), walk(ifTrue, out));
        double[] f = Strides.gather(ifFalse.data(), walk(ifFalse, out));
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i] != 0 ? t[i] : f[i];
        }
        return tensor(out, ifTrue.dtype(), c);
    }

    /** The offsets that read {@code x} broadcast to {@code out}, in {@code out}'s order. */
    private static int[] walk(ReferenceTensor x, Shape out) {
        return Strides.offsets(out.dims(), Strides.broadcast(x.shape(), out));
    }

    @Override
    protected ReferenceTensor reduceOp(
            Op op, ReferenceTensor x, int[] axes, boolean keepDims, Shape out) {
        return tensor(out, x.dtype(), ArrayOps.reduce(op, x.data(), x.shape().dims(), axes));
    }

    @Override
    protected ReferenceTensor matmulOp(
            ReferenceTensor a,
            ReferenceTensor b,
            boolean transposeA,
            boolean transposeB,
            Shape out) {
        double[] product =
                ArrayOps.matmul(
                        a.data(),
                        a.shape().dims(),
                        b.data(),
                        b.shape().dims(),
                        transposeA,
                        transposeB);
        return tensor(out, a.dtype(), product);
    }

    @Override
    protected ReferenceTensor conv2dOp(
            ReferenceTensor x, ReferenceTensor weight, Conv2dSpec spec, Shape out) {
        return convolution(Convolutions::conv2d, x, weight, spec, out);
    }

    @Override
    protected ReferenceTensor convTranspose2dOp(
            ReferenceTensor x, ReferenceTensor weight, Conv2dSpec spec, Shape out) {
        return convolution(Convolutions::convTranspose2d, x, weight, spec, out);
    }

    @Override
    protected ReferenceTensor conv2dKernelGradientOp(
            ReferenceTensor x, ReferenceTensor grad, Conv2dSpec spec, Shape out) {
        return convolution(Convolutions::kernelGradient, x, grad, spec, out);
    }

    private ReferenceTensor convolution(
            Convolutions.Kernel kernel,
            ReferenceTensor x,
            ReferenceTensor weight,
            Conv2dSpec spec,
            Shape out) {
        double[] values =
                kernel.apply(
                        x.data(),
                        x.shape().dims(),
                        weight.data(),
                        weight.shape().dims(),
                        spec,
                        out.dims());
        return tensor(out, x.dtype(), values);
    }

    @Override
    protected ReferenceTensor reshapeOp(ReferenceTensor x, Shape out) {
        return tensor(out, x.dtype(), x.data().clone());
    }

    @Override
    protected ReferenceTensor permuteOp(ReferenceTensor x, int[] axes, Shape out) {
        int[] at = Strides.offsets(out.dims(), Strides.permuted(x.shape().dims(), axes));
        return tensor(out, x.dtype(), Strides.gather(x.data(), at));
    }

    @Override
    protected ReferenceTensor broadcastToOp(ReferenceTensor x, Shape out) {
        return tensor(out, x.dtype(), Strides.gather(x.data(), walk(x, out)));
    }

    @Override
    protected ReferenceTensor concatOp(List<ReferenceTensor> parts, int axis, Shape out) {
        return tensor(out, parts.get(0).dtype(), ArrayOps.concat(parts, axis, out.dims()));
    }

    @Override
    protected ReferenceTensor sliceOp(ReferenceTensor x, int axis, int start, int end, Shape out) {
        double[] values = ArrayOps.slice(x.data(), x.shape().dims(), axis, start, out.dims());
        return tensor(out, x.dtype(), values);
    }

    @Override
    protected ReferenceTensor takeOp(ReferenceTensor x, int[] indices, Shape out) {
        return tensor(out, x.dtype(), ArrayOps.take(x.data(), x.shape().dims(), indices));
    }

    @Override
    protected ReferenceTensor castOp(ReferenceTensor x, DType dtype) {
        return tensor(x.shape(), dtype, x.data().clone());
    }

    @Override
    protected void assignOp(ReferenceTensor target, ReferenceTensor value) {
        target.overwrite(value);
    }
}
