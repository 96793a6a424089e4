package org.vae4j.backend.reference;

import java.util.Arrays;
import java.util.List;
import org.vae4j.api.Availability;
import org.vae4j.api.Backend;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.SpiVersion;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * The reference backend with one deliberate mistake, of the kinds real backends make, so that a
 * test can prove the conformance suite catches it. {@link Fault#FLOAT32_ACCUMULATION} is a
 * legitimate difference the suite must accept.
 */
public final class FaultyReferenceBackend extends ReferenceBackend {

    /** The mistakes. */
    public enum Fault {
        /** SOFTPLUS as {@code log(1 + e^x)}, which overflows for large x. */
        NAIVE_SOFTPLUS,
        /** MAX starts from 0 instead of the first value, so negative maxima come out as 0. */
        MAX_FROM_ZERO,
        /** WHERE picks where the condition is positive instead of non-zero. */
        WHERE_POSITIVE_ONLY,
        /** RESHAPE returns a view sharing the input's storage, so assign changes both. */
        RESHAPE_SHARES_STORAGE,
        /** float64 unary ops computed in single precision. */
        FLOAT64_IN_SINGLE_PRECISION,
        /** Every matrix product leaks 256 bytes of (counted) native memory. */
        LEAKS_NATIVE_MEMORY,
        /**
         * The transposed convolution reads its kernel's window back to front, so the gradient of
         * every convolution with respect to its input is wrong.
         */
        CONV_TRANSPOSE_FLIPPED_KERNEL,
        /**
         * The kernel gradient leaves out the batch's last image (a piece of work never added), so
         * every convolution's kernel gradient is wrong.
         */
        KERNEL_GRADIENT_DROPS_LAST_IMAGE,
        /** A sum of an expression leaves out the expression's last value. */
        EXPRESSION_SUM_SKIPS_LAST,
        /** float32 products accumulated in float32: a legitimate rounding difference. */
        FLOAT32_ACCUMULATION
    }

    private final Fault fault;

    private FaultyReferenceBackend(Fault fault) {
        super(ALL);
        this.fault = fault;
    }

    /** Returns a provider whose backends have the fault. */
    public static BackendProvider provider(Fault fault) {
        return new BackendProvider() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public int priority() {
                return 0;
            }

            @Override
            public String spiVersion() {
                return SpiVersion.CURRENT;
            }

            @Override
            public Availability probe() {
                return Availability.ok();
            }

            @Override
            public List<Device> devices() {
                return List.of(Device.CPU);
            }

            @Override
            public Backend open(Device device) {
                return new FaultyReferenceBackend(fault);
            }
        };
    }

    @Override
    protected ReferenceTensor unaryOp(Op op, ReferenceTensor x) {
        if (fault == Fault.NAIVE_SOFTPLUS && op == Op.SOFTPLUS) {
            double[] v = x.data().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.log(1 + Math.exp(v[i]));
            }
            return new ReferenceTensor(this, x.shape(), x.dtype(), v);
        }
        ReferenceTensor y = super.unaryOp(op, x);
        if (fault == Fault.FLOAT64_IN_SINGLE_PRECISION && x.dtype() == DType.FLOAT64) {
            ReferenceTensor.roundToFloat(y.data());
        }
        return y;
    }

    @Override
    protected ReferenceTensor reduceOp(
            Op op, ReferenceTensor x, int[] axes, boolean keepDims, Shape out) {
        ReferenceTensor y = super.reduceOp(op, x, axes, keepDims, out);
        if (fault == Fault.MAX_FROM_ZERO && op == Op.MAX) {
            double[] v = y.data();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(v[i], 0);
            }
        }
        return y;
    }

    @Override
    protected Tensor elementwiseSumOp(
            Elementwise expression,
            List<ReferenceTensor> inputs,
            Shape full,
            int[] axes,
            boolean keepDims,
            Shape out) {
        if (fault != Fault.EXPRESSION_SUM_SKIPS_LAST || full.size() == 0) {
            return super.elementwiseSumOp(expression, inputs, full, axes, keepDims, out);
        }
        try (Tensor values = elementwise(expression, inputs.toArray(new Tensor[0]))) {
            double[] v = values.toDoubles();
            v[v.length - 1] = 0;
            try (ReferenceTensor skipped = new ReferenceTensor(this, full, values.dtype(), v)) {
                return reduce(Op.SUM, skipped, axes, keepDims);
            }
        }
    }

    @Override
    protected ReferenceTensor whereOp(
            ReferenceTensor condition, ReferenceTensor ifTrue, ReferenceTensor ifFalse, Shape out) {
        if (fault != Fault.WHERE_POSITIVE_ONLY) {
            return super.whereOp(condition, ifTrue, ifFalse, out);
        }
        double[] positive = condition.data().clone();
        for (int i = 0; i < positive.length; i++) {
            positive[i] = positive[i] > 0 ? 1 : 0;
        }
        ReferenceTensor c =
                new ReferenceTensor(this, condition.shape(), condition.dtype(), positive);
        try (c) {
            return super.whereOp(c, ifTrue, ifFalse, out);
        }
    }

    @Override
    protected ReferenceTensor reshapeOp(ReferenceTensor x, Shape out) {
        return fault == Fault.RESHAPE_SHARES_STORAGE
                ? new ReferenceTensor(this, out, x.dtype(), x.data())
                : super.reshapeOp(x, out);
    }

    @Override
    protected ReferenceTensor matmulOp(
            ReferenceTensor a,
            ReferenceTensor b,
            boolean transposeA,
            boolean transposeB,
            Shape out) {
        if (fault == Fault.LEAKS_NATIVE_MEMORY) {
            allocated(256);
        }
        if (fault != Fault.FLOAT32_ACCUMULATION || a.dtype() != DType.FLOAT32) {
            return super.matmulOp(a, b, transposeA, transposeB, out);
        }
        int k = transposeA ? a.shape().dim(0) : a.shape().dim(1);
        int n = out.dim(1);
        double[] v = new double[out.sizeAsInt()];
        for (int i = 0; i < out.dim(0); i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += (float) (at(a, transposeA, i, p) * at(b, transposeB, p, j));
                }
                v[i * n + j] = acc;
            }
        }
        return new ReferenceTensor(this, out, DType.FLOAT32, v);
    }

    @Override
    protected ReferenceTensor convTranspose2dOp(
            ReferenceTensor x, ReferenceTensor weight, Conv2dSpec spec, Shape out) {
        if (fault != Fault.CONV_TRANSPOSE_FLIPPED_KERNEL) {
            return super.convTranspose2dOp(x, weight, spec, out);
        }
        int[] d = weight.shape().dims();
        double[] flipped = new double[weight.data().length];
        int window = d[2] * d[3];
        for (int start = 0; start < flipped.length; start += window) {
            for (int i = 0; i < window; i++) {
                flipped[start + i] = weight.data()[start + window - 1 - i];
            }
        }
        try (ReferenceTensor k =
                new ReferenceTensor(this, weight.shape(), weight.dtype(), flipped)) {
            return super.convTranspose2dOp(x, k, spec, out);
        }
    }

    @Override
    protected ReferenceTensor conv2dKernelGradientOp(
            ReferenceTensor x, ReferenceTensor grad, Conv2dSpec spec, Shape out) {
        int n = x.shape().dim(0);
        if (fault != Fault.KERNEL_GRADIENT_DROPS_LAST_IMAGE || n < 2) {
            return super.conv2dKernelGradientOp(x, grad, spec, out);
        }
        try (ReferenceTensor fewerX = withoutLastImage(x);
                ReferenceTensor fewerGrad = withoutLastImage(grad)) {
            return super.conv2dKernelGradientOp(fewerX, fewerGrad, spec, out);
        }
    }

    private ReferenceTensor withoutLastImage(ReferenceTensor t) {
        Shape s = t.shape();
        int n = s.dim(0);
        double[] kept = Arrays.copyOf(t.data(), t.data().length / n * (n - 1));
        return new ReferenceTensor(this, s.withDim(0, n - 1), t.dtype(), kept);
    }

    private static double at(ReferenceTensor m, boolean transposed, int row, int col) {
        int cols = m.shape().dim(1);
        return transposed ? m.data()[col * cols + row] : m.data()[row * cols + col];
    }
}
