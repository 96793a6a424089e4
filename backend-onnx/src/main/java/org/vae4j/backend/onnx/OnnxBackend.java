package org.vae4j.backend.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Op;
import org.vae4j.api.support.AbstractBackend;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Device;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.onnx.proto.Onnx.AttributeProto;
import org.vae4j.backend.onnx.proto.Onnx.TensorProto;

/**
 * The exporting backend: its tensors are symbolic, and every op records ONNX nodes (opset {@value
 * OnnxGraph#OPSET}) instead of computing. Constants made with {@code fromFloats}, {@code
 * fromDoubles} and {@code full} become initializers. Running a module's ordinary forward code on
 * symbolic {@link #input inputs} therefore traces it; {@link OnnxExport} cuts models out of the
 * recording.
 *
 * <p>The batch dimension is symbolic: inputs are made with an example batch size, and every
 * dimension of that size is written as the runtime batch (pick an example size no layer has; the
 * default is {@value #DEFAULT_EXAMPLE_BATCH}). Capabilities: {@link Capability#GRAPH_EXPORT} and
 * {@link Capability#FLOAT64}; not {@link Capability#READ_VALUES} (reading a value throws {@link
 * UnsupportedOperationException}) and not {@link Capability#TRAINING}.
 *
 * <pre>{@code
 * try (OnnxBackend onnx = OnnxBackend.create()) {
 *     Tensor x = onnx.input("x", DType.FLOAT32, 784);   // [batch, 784]
 *     Tensor y = onnx.unary(Op.SIGMOID, x);             // records a Sigmoid node
 * }
 * }</pre>
 */
public final class OnnxBackend extends AbstractBackend<OnnxTensor> {
    /** The name of this backend. */
    public static final String NAME = "onnx";

    /** The example batch size unless one is given; a prime that no usual layer size equals. */
    public static final int DEFAULT_EXAMPLE_BATCH = 1009;

    private final OnnxGraph graph;
    private final Set<Op> lowered;

    private OnnxBackend(int exampleBatch, Set<Op> lowered) {
        super(
                NAME,
                Device.CPU,
                EnumSet.of(Capability.GRAPH_EXPORT, Capability.FLOAT64),
                OnnxTensor.class);
        if (exampleBatch < 2) {
            throw new IllegalArgumentException(
                    "The example batch size must be at least 2, but was " + exampleBatch);
        }
        this.graph = new OnnxGraph(exampleBatch);
        this.lowered = lowered.isEmpty() ? EnumSet.noneOf(Op.class) : EnumSet.copyOf(lowered);
    }

    /** Returns a backend with an empty recording and the default example batch size. */
    public static OnnxBackend create() {
        return create(DEFAULT_EXAMPLE_BATCH);
    }

    /**
     * Returns a backend with an empty recording.
     *
     * @param exampleBatch the batch size inputs are traced with; dimensions of this size are
     *     written as the symbolic batch, so it must differ from every layer size
     */
    public static OnnxBackend create(int exampleBatch) {
        return new OnnxBackend(exampleBatch, EnumSet.allOf(Op.class));
    }

    /** A backend that lowers only {@code lowered}; for tests of the missing-lowering error. */
    static OnnxBackend withLowerings(int exampleBatch, Set<Op> lowered) {
        return new OnnxBackend(exampleBatch, lowered);
    }

    /** Returns the example batch size that stands for the symbolic batch. */
    public int exampleBatch() {
        return graph.exampleBatch();
    }

    /**
     * Declares a graph input of shape {@code [batch, dims...]} and returns its symbolic tensor.
     *
     * @param name the input's name in exported models, for example {@code z}
     * @throws IllegalArgumentException if the name is taken
     */
    public Tensor input(String name, DType dtype, int... dims) {
        checkOpen();
        int[] all = new int[dims.length + 1];
        all[0] = graph.exampleBatch();
        System.arraycopy(dims, 0, all, 1, dims.length);
        Shape shape = Shape.of(all);
        graph.input(name, dtype, shape);
        return new OnnxTensor(this, name, shape, dtype);
    }

    @Override
    public Map<String, String> info() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(
                "engine",
                "ONNX graph recorder (opset "
                        + OnnxGraph.OPSET
                        + ", IR "
                        + OnnxGraph.IR_VERSION
                        + ")");
        info.put("exampleBatch", String.valueOf(graph.exampleBatch()));
        info.put("capabilities", capabilities().toString());
        return info;
    }

    // ---- package-private access for OnnxExport -------------------------------------------------

    OnnxGraph graph() {
        return graph;
    }

    /** Returns the graph value a tensor of this backend stands for. */
    String valueName(Tensor t) {
        return in(t).valueName();
    }

    // ---- recording -------------------------------------------------------------------------

    private void requireLowering(Op op) {
        if (!lowered.contains(op)) {
            throw new UnsupportedOperationException(
                    "Op "
                            + op
                            + " has no ONNX lowering in the onnx backend, so a model using it"
                            + " cannot be exported");
        }
    }

    private OnnxTensor wrap(String value, Shape shape, DType dtype) {
        return new OnnxTensor(this, value, shape, dtype);
    }

    private OnnxTensor record(
            String opType, Shape shape, DType dtype, List<String> inputs, AttributeProto... attrs) {
        return wrap(graph.node(opType, dtype, shape, inputs, attrs), shape, dtype);
    }

    @Override
    protected OnnxTensor createFloats(float[] data, Shape shape) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return wrap(
                graph.initializer("const", DType.FLOAT32, shape, d).name(), shape, DType.FLOAT32);
    }

    @Override
    protected OnnxTensor createDoubles(double[] data, Shape shape) {
        return wrap(
                graph.initializer("const", DType.FLOAT64, shape, data.clone()).name(),
                shape,
                DType.FLOAT64);
    }

    @Override
    protected OnnxTensor createFull(Shape shape, double value, DType dtype) {
        if (graph.hasBatch(shape)) {
            String scalar = graph.scalar(dtype, value);
            return record("Expand", shape, dtype, List.of(scalar, graph.shapeValue(shape, false)));
        }
        double[] d = new double[shape.sizeAsInt()];
        Arrays.fill(d, value);
        return wrap(graph.initializer("const", dtype, shape, d).name(), shape, dtype);
    }

    @Override
    protected OnnxTensor unaryOp(Op op, OnnxTensor x) {
        requireLowering(op);
        String in = x.valueName();
        Shape s = x.shape();
        DType t = x.dtype();
        switch (op) {
            case LOG1P:
                String plus = graph.node("Add", t, s, List.of(in, graph.scalar(t, 1)));
                return record("Log", s, t, List.of(plus));
            case SQUARE:
                return record("Mul", s, t, List.of(in, in));
            default:
                return record(unaryName(op), s, t, List.of(in));
        }
    }

    private static String unaryName(Op op) {
        switch (op) {
            case NEG:
                return "Neg";
            case EXP:
                return "Exp";
            case LOG:
                return "Log";
            case SQRT:
                return "Sqrt";
            case ABS:
                return "Abs";
            case TANH:
                return "Tanh";
            case SIGMOID:
                return "Sigmoid";
            case RELU:
                return "Relu";
            case SOFTPLUS:
                return "Softplus";
            default:
                throw new IllegalArgumentException("Op " + op + " is not unary");
        }
    }

    @Override
    protected OnnxTensor binaryOp(Op op, OnnxTensor a, OnnxTensor b, Shape out) {
        requireLowering(op);
        List<String> in = List.of(a.valueName(), b.valueName());
        DType t = a.dtype();
        switch (op) {
            case ADD:
                return record("Add", out, t, in);
            case SUB:
                return record("Sub", out, t, in);
            case MUL:
                return record("Mul", out, t, in);
            case DIV:
                return record("Div", out, t, in);
            case MAXIMUM:
                return record("Max", out, t, in);
            case POW:
                return record("Pow", out, t, in);
            case GREATER:
                String bool = graph.node("Greater", null, out, in);
                return record(
                        "Cast", out, t, List.of(bool), OnnxGraph.attr("to", OnnxGraph.elemType(t)));
            default:
                throw new IllegalArgumentException("Op " + op + " is not binary");
        }
    }

    @Override
    protected OnnxTensor whereOp(OnnxTensor c, OnnxTensor a, OnnxTensor b, Shape out) {
        requireLowering(Op.WHERE);
        String bool =
                graph.node(
                        "Cast",
                        null,
                        c.shape(),
                        List.of(c.valueName()),
                        OnnxGraph.attr("to", TensorProto.DataType.BOOL_VALUE));
        return record("Where", out, a.dtype(), List.of(bool, a.valueName(), b.valueName()));
    }

    @Override
    protected OnnxTensor reduceOp(Op op, OnnxTensor x, int[] axes, boolean keepDims, Shape out) {
        requireLowering(op);
        if (axes.length == 0) {
            return record("Identity", out, x.dtype(), List.of(x.valueName()));
        }
        long keep = keepDims ? 1 : 0;
        switch (op) {
            case SUM:
                long[] ax = Arrays.stream(axes).asLongStream().toArray();
                return record(
                        "ReduceSum",
                        out,
                        x.dtype(),
                        List.of(x.valueName(), graph.int64s(ax)),
                        OnnxGraph.attr("keepdims", keep));
            case MAX:
                return record(
                        "ReduceMax",
                        out,
                        x.dtype(),
                        List.of(x.valueName()),
                        OnnxGraph.attr("axes", axes),
                        OnnxGraph.attr("keepdims", keep));
            default:
                throw new IllegalArgumentException("Op " + op + " is not a reduction");
        }
    }

    @Override
    protected OnnxTensor matmulOp(
            OnnxTensor a, OnnxTensor b, boolean transposeA, boolean transposeB, Shape out) {
        requireLowering(Op.MATMUL);
        return record(
                "Gemm",
                out,
                a.dtype(),
                List.of(a.valueName(), b.valueName()),
                OnnxGraph.attr("transA", transposeA ? 1 : 0),
                OnnxGraph.attr("transB", transposeB ? 1 : 0));
    }

    /** The fused dense layer as one {@code Gemm} with {@code transB=1}: x·Wᵀ + b. */
    @Override
    protected OnnxTensor linearOp(OnnxTensor x, OnnxTensor weight, OnnxTensor bias) {
        List<String> in = new ArrayList<>(List.of(x.valueName(), weight.valueName()));
        if (bias != null) {
            in.add(bias.valueName());
        }
        Shape out = Shape.of(x.shape().dim(0), weight.shape().dim(0));
        return record("Gemm", out, x.dtype(), in, OnnxGraph.attr("transB", 1));
    }

    /**
     * One {@code Conv} node; the ONNX kernel layout {@code (M, C, kH, kW)} is ours. ONNX Runtime's
     * CPU provider has no float64 kernel for it or for {@code ConvTranspose}.
     */
    @Override
    protected OnnxTensor conv2dOp(OnnxTensor x, OnnxTensor weight, Conv2dSpec spec, Shape out) {
        requireLowering(Op.CONV2D);
        List<AttributeProto> attrs = convAttrs(spec, weight, spec.padH(), spec.padW());
        return record(
                "Conv",
                out,
                x.dtype(),
                convInputs(Op.CONV2D, x, weight),
                attrs.toArray(AttributeProto[]::new));
    }

    /**
     * One {@code ConvTranspose} node; the ONNX kernel layout {@code (C, M, kH, kW)} and output size
     * are ours. ONNX Runtime's CPU kernel (1.13 to at least 1.20) miscomputes an {@code
     * output_padding} that reaches the stride (possible when the dilation exceeds it), so such an
     * axis is cut less at the end instead, and the rows or columns past the uncut output (zeros)
     * are appended by a {@code Pad} node.
     */
    @Override
    protected OnnxTensor convTranspose2dOp(
            OnnxTensor x, OnnxTensor weight, Conv2dSpec spec, Shape out) {
        requireLowering(Op.CONV_TRANSPOSE2D);
        int[] endPad = new int[2];
        int[] outPad = new int[2];
        int[] zeros = new int[2];
        for (int a = 0; a < 2; a++) {
            boolean direct = spec.outPad(a) < spec.stride(a);
            outPad[a] = direct ? spec.outPad(a) : 0;
            endPad[a] = direct ? spec.pad(a) : Math.max(spec.pad(a) - spec.outPad(a), 0);
            zeros[a] = spec.outPad(a) - outPad[a] - spec.pad(a) + endPad[a];
        }
        List<AttributeProto> attrs = convAttrs(spec, weight, endPad[0], endPad[1]);
        attrs.add(OnnxGraph.attr("output_padding", outPad));
        Shape uncut =
                Shape.of(out.dim(0), out.dim(1), out.dim(2) - zeros[0], out.dim(3) - zeros[1]);
        OnnxTensor y =
                record(
                        "ConvTranspose",
                        uncut,
                        x.dtype(),
                        convInputs(Op.CONV_TRANSPOSE2D, x, weight),
                        attrs.toArray(AttributeProto[]::new));
        if (zeros[0] == 0 && zeros[1] == 0) {
            return y;
        }
        return record(
                "Pad",
                out,
                x.dtype(),
                List.of(y.valueName(), graph.int64s(0, 0, 0, 0, 0, 0, zeros[0], zeros[1])));
    }

    /**
     * The images and kernel; the batch may be the images' axis 0 or a channel count, not a spatial
     * size, which the recorded output size could not follow.
     */
    private List<String> convInputs(Op op, OnnxTensor x, OnnxTensor weight) {
        for (int a = 2; a < 4; a++) {
            if (graph.isBatch(x.shape(), a) || graph.isBatch(weight.shape(), a)) {
                throw new UnsupportedOperationException(
                        "Op "
                                + op
                                + " over a spatial axis of the symbolic batch has no ONNX lowering");
            }
        }
        return List.of(x.valueName(), weight.valueName());
    }

    /** The attributes both convolutions share: group 1, and pads at the start and end of (h, w). */
    private static List<AttributeProto> convAttrs(
            Conv2dSpec s, OnnxTensor weight, int endPadH, int endPadW) {
        List<AttributeProto> a = new ArrayList<>();
        a.add(
                OnnxGraph.attr(
                        "kernel_shape", new int[] {weight.shape().dim(2), weight.shape().dim(3)}));
        a.add(OnnxGraph.attr("strides", new int[] {s.strideH(), s.strideW()}));
        a.add(OnnxGraph.attr("pads", new int[] {s.padH(), s.padW(), endPadH, endPadW}));
        a.add(OnnxGraph.attr("dilations", new int[] {s.dilationH(), s.dilationW()}));
        a.add(OnnxGraph.attr("group", 1));
        return a;
    }

    @Override
    protected OnnxTensor reshapeOp(OnnxTensor x, Shape out) {
        requireLowering(Op.RESHAPE);
        return record(
                "Reshape", out, x.dtype(), List.of(x.valueName(), graph.shapeValue(out, true)));
    }

    @Override
    protected OnnxTensor permuteOp(OnnxTensor x, int[] axes, Shape out) {
        requireLowering(Op.PERMUTE);
        return record(
                "Transpose", out, x.dtype(), List.of(x.valueName()), OnnxGraph.attr("perm", axes));
    }

    @Override
    protected OnnxTensor broadcastToOp(OnnxTensor x, Shape out) {
        requireLowering(Op.BROADCAST_TO);
        return record(
                "Expand", out, x.dtype(), List.of(x.valueName(), graph.shapeValue(out, false)));
    }

    @Override
    protected OnnxTensor concatOp(List<OnnxTensor> parts, int axis, Shape out) {
        requireLowering(Op.CONCAT);
        List<String> in = new ArrayList<>();
        for (OnnxTensor p : parts) {
            if (graph.isBatch(p.shape(), axis)) {
                throw new UnsupportedOperationException(
                        "Op CONCAT along the symbolic batch axis has no ONNX lowering");
            }
            in.add(p.valueName());
        }
        return record("Concat", out, parts.get(0).dtype(), in, OnnxGraph.attr("axis", axis));
    }

    @Override
    protected OnnxTensor sliceOp(OnnxTensor x, int axis, int start, int end, Shape out) {
        requireLowering(Op.SLICE);
        if (graph.isBatch(x.shape(), axis)) {
            if (start == 0 && end == x.shape().dim(axis)) {
                return record("Identity", out, x.dtype(), List.of(x.valueName()));
            }
            throw new UnsupportedOperationException(
                    "Op SLICE of part of the symbolic batch axis has no ONNX lowering");
        }
        return record(
                "Slice",
                out,
                x.dtype(),
                List.of(x.valueName(), graph.int64s(start), graph.int64s(end), graph.int64s(axis)));
    }

    @Override
    protected OnnxTensor takeOp(OnnxTensor x, int[] indices, Shape out) {
        requireLowering(Op.TAKE);
        if (graph.isBatch(x.shape(), 0)) {
            throw new UnsupportedOperationException(
                    "Op TAKE of rows of the symbolic batch axis has no ONNX lowering");
        }
        long[] idx = Arrays.stream(indices).asLongStream().toArray();
        return record(
                "Gather",
                out,
                x.dtype(),
                List.of(x.valueName(), graph.int64s(idx)),
                OnnxGraph.attr("axis", 0));
    }

    @Override
    protected OnnxTensor castOp(OnnxTensor x, DType dtype) {
        requireLowering(Op.CAST);
        return record(
                "Cast",
                x.shape(),
                dtype,
                List.of(x.valueName()),
                OnnxGraph.attr("to", OnnxGraph.elemType(dtype)));
    }

    /** Never called: the backend lacks {@link Capability#TRAINING}, which assign requires. */
    @Override
    protected void assignOp(OnnxTensor target, OnnxTensor value) {
        throw new UnsupportedOperationException("assign cannot be recorded in an ONNX graph");
    }
}
