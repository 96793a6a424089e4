package org.vae4j.backend.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.onnx.proto.Onnx.AttributeProto;
import org.vae4j.backend.onnx.proto.Onnx.GraphProto;
import org.vae4j.backend.onnx.proto.Onnx.ModelProto;
import org.vae4j.backend.onnx.proto.Onnx.NodeProto;
import org.vae4j.backend.onnx.proto.Onnx.OperatorSetIdProto;
import org.vae4j.backend.onnx.proto.Onnx.StringStringEntryProto;
import org.vae4j.backend.onnx.proto.Onnx.TensorProto;
import org.vae4j.backend.onnx.proto.Onnx.TensorShapeProto;
import org.vae4j.backend.onnx.proto.Onnx.TypeProto;
import org.vae4j.backend.onnx.proto.Onnx.ValueInfoProto;

/**
 * The recording behind an {@link OnnxBackend}: every value (graph input, initializer, node output)
 * by name, and the nodes in the order they ran, which is a topological order. One recording can
 * hold several models (decoder, encoder, sampler); {@link #model} cuts out the nodes one set of
 * outputs needs.
 *
 * <p>The batch dimension is symbolic: the trace runs with an example batch size, and every
 * dimension equal to it is written as the runtime size of axis 0 of the model's first input (a
 * {@code Shape} node feeding a value named {@value #BATCH}) or as the symbolic {@code batch} in the
 * model's signature.
 */
final class OnnxGraph {
    /** The ONNX operator set the nodes are written for. */
    static final int OPSET = 17;

    /** The ONNX IR version of the files (ONNX 1.13+, ONNX Runtime 1.14+). */
    static final int IR_VERSION = 8;

    /** The value holding the runtime batch size as a 1-D int64 tensor of one element. */
    static final String BATCH = "batch_size";

    /** The symbolic name of the batch dimension in model signatures. */
    static final String BATCH_PARAM = "batch";

    /** What the graph knows of a value. */
    record Value(String name, DType dtype, Shape shape) {}

    private record Node(
            String opType, List<String> inputs, String output, List<AttributeProto> attrs) {}

    private final int exampleBatch;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, Value> inputs = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private int counter;

    OnnxGraph(int exampleBatch) {
        this.exampleBatch = exampleBatch;
    }

    synchronized int exampleBatch() {
        return exampleBatch;
    }

    synchronized Value value(String name) {
        return values.get(name);
    }

    private String fresh(String prefix) {
        String n;
        do {
            n = prefix + "_" + counter++;
        } while (values.containsKey(n));
        return n;
    }

    /** Returns whether axis {@code a} of {@code s} stands for the batch. */
    boolean isBatch(Shape s, int a) {
        return s.dim(a) == exampleBatch;
    }

    /** Returns whether any axis of {@code s} stands for the batch. */
    boolean hasBatch(Shape s) {
        for (int a = 0; a < s.rank(); a++) {
            if (isBatch(s, a)) {
                return true;
            }
        }
        return false;
    }

    // ---- recording -----------------------------------------------------------------------------

    /** Declares a graph input whose axis 0 is the batch. */
    synchronized Value input(String name, DType dtype, Shape shape) {
        if (values.containsKey(name)) {
            throw new IllegalArgumentException("A value named '" + name + "' already exists");
        }
        Value v = new Value(name, dtype, shape);
        values.put(name, v);
        inputs.put(name, v);
        return v;
    }

    /** Adds a float32 or float64 initializer holding {@code data} (row-major). */
    synchronized Value initializer(String prefix, DType dtype, Shape shape, double[] data) {
        if (hasBatch(shape)) {
            throw new UnsupportedOperationException(
                    "A constant of shape "
                            + shape
                            + " has the example batch size "
                            + exampleBatch
                            + " as a dimension; constants cannot follow the symbolic batch");
        }
        String name = fresh(prefix);
        initializers.put(name, tensorProto(name, dtype, shape, data));
        Value v = new Value(name, dtype, shape);
        values.put(name, v);
        return v;
    }

    /** Replaces the data of an initializer, keeping its name, dtype and shape. */
    synchronized void setInitializer(String name, double[] data) {
        Value v = values.get(name);
        if (v == null || !initializers.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is not an initializer");
        }
        if (data.length != v.shape().sizeAsInt()) {
            throw new IllegalArgumentException(
                    "Initializer '"
                            + name
                            + "' has "
                            + v.shape().size()
                            + " elements, got "
                            + data.length);
        }
        initializers.put(name, tensorProto(name, v.dtype(), v.shape(), data));
    }

    /** Returns whether the value is an initializer. */
    synchronized boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    /** Adds a 1-D int64 initializer. */
    synchronized String int64s(long... data) {
        String name = fresh("const");
        ByteBuffer buf = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long d : data) {
            buf.putLong(d);
        }
        initializers.put(
                name,
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(TensorProto.DataType.INT64_VALUE)
                        .addDims(data.length)
                        .setRawData(ByteString.copyFrom(buf.array()))
                        .build());
        values.put(name, new Value(name, null, Shape.of(data.length)));
        return name;
    }

    /** Adds a scalar initializer of a float dtype. */
    synchronized String scalar(DType dtype, double v) {
        return initializer("const", dtype, Shape.scalar(), new double[] {v}).name();
    }

    /** Records a node with one output and returns the output's name. */
    synchronized String node(
            String opType, DType dtype, Shape shape, List<String> in, AttributeProto... attrs) {
        String out = fresh(opType);
        nodes.add(new Node(opType, List.copyOf(in), out, List.of(attrs)));
        values.put(out, new Value(out, dtype, shape));
        return out;
    }

    /**
     * Returns the name of a 1-D int64 value holding {@code s}: a constant when no dimension follows
     * the batch, else a {@code Concat} of constants and the runtime batch size. With {@code
     * inferOne}, a dimension that is a multiple of the batch is written as {@code -1} (for
     * Reshape).
     */
    synchronized String shapeValue(Shape s, boolean inferOne) {
        long[] dims = s.toLongArray();
        List<String> parts = new ArrayList<>();
        List<Long> run = new ArrayList<>();
        boolean symbolic = false;
        boolean inferred = false;
        for (int a = 0; a < dims.length; a++) {
            if (isBatch(s, a)) {
                if (!run.isEmpty()) {
                    parts.add(int64s(run.stream().mapToLong(Long::longValue).toArray()));
                    run.clear();
                }
                parts.add(BATCH);
                symbolic = true;
            } else if (inferOne
                    && !inferred
                    && dims[a] > exampleBatch
                    && dims[a] % exampleBatch == 0) {
                run.add(-1L);
                inferred = true;
            } else {
                run.add(dims[a]);
            }
        }
        if (!symbolic) {
            return int64s(run.stream().mapToLong(Long::longValue).toArray());
        }
        if (!run.isEmpty()) {
            parts.add(int64s(run.stream().mapToLong(Long::longValue).toArray()));
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return node("Concat", null, Shape.of(s.rank()), parts, attr("axis", 0));
    }

    // ---- attributes ------------------------------------------------------------------------

    static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(v)
                .build();
    }

    static AttributeProto attr(String name, long[] v) {
        AttributeProto.Builder b =
                AttributeProto.newBuilder()
                        .setName(name)
                        .setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    static AttributeProto attr(String name, int[] v) {
        return attr(name, Arrays.stream(v).asLongStream().toArray());
    }

    /** Returns the ONNX element type of a dtype. */
    static int elemType(DType dtype) {
        return dtype == DType.FLOAT64
                ? TensorProto.DataType.DOUBLE_VALUE
                : TensorProto.DataType.FLOAT_VALUE;
    }

    private static TensorProto tensorProto(String name, DType dtype, Shape shape, double[] data) {
        ByteBuffer buf;
        if (dtype == DType.FLOAT64) {
            buf = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double d : data) {
                buf.putDouble(d);
            }
        } else {
            buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double d : data) {
                buf.putFloat((float) d);
            }
        }
        TensorProto.Builder b =
                TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(elemType(dtype))
                        .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : shape.toLongArray()) {
            b.addDims(d);
        }
        return b.build();
    }

    // ---- cutting out a model ---------------------------------------------------------------

    /**
     * Builds a model computing {@code outputs} (ONNX name to recorded value) from {@code
     * inputNames}: only the nodes and initializers the outputs need, initializers renamed by {@code
     * initializerNames} where given, each output an {@code Identity} of its value.
     *
     * @throws IllegalArgumentException if an output needs a graph input not in {@code inputNames}
     */
    synchronized ModelProto model(
            String graphName,
            List<String> inputNames,
            Map<String, String> outputs,
            Map<String, String> initializerNames,
            Map<String, String> metadata,
            String producerVersion) {
        for (String in : inputNames) {
            if (!inputs.containsKey(in)) {
                throw new IllegalArgumentException("'" + in + "' is not a graph input");
            }
        }
        Set<String> needed = new HashSet<>(outputs.values());
        Deque<Node> kept = new ArrayDeque<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (needed.contains(n.output())) {
                kept.addFirst(n);
                needed.addAll(n.inputs());
            }
        }
        Set<String> produced = new HashSet<>();
        kept.forEach(n -> produced.add(n.output()));
        List<TensorProto> inits = new ArrayList<>();
        boolean needsBatch = false;
        for (String v : needed) {
            if (produced.contains(v)) {
                continue;
            }
            if (v.equals(BATCH)) {
                needsBatch = true;
            } else if (initializers.containsKey(v)) {
                inits.add(initializers.get(v));
            } else if (inputs.containsKey(v)) {
                if (!inputNames.contains(v)) {
                    throw new IllegalArgumentException(
                            "The outputs of model '"
                                    + graphName
                                    + "' depend on '"
                                    + v
                                    + "', which is not one of its inputs "
                                    + inputNames);
                }
            } else {
                throw new IllegalStateException("Value '" + v + "' was never recorded");
            }
        }
        inits.sort((a, b) -> a.getName().compareTo(b.getName()));
        GraphProto.Builder g = GraphProto.newBuilder().setName(graphName);
        if (needsBatch) {
            String source =
                    inputNames.stream()
                            .filter(n -> isBatch(inputs.get(n).shape(), 0))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "Model '"
                                                            + graphName
                                                            + "' needs the batch size but has no"
                                                            + " batched input"));
            g.addNode(
                    NodeProto.newBuilder()
                            .setOpType("Shape")
                            .setName("Shape_batch")
                            .addInput(source)
                            .addOutput(BATCH)
                            .addAttribute(attr("start", 0))
                            .addAttribute(attr("end", 1)));
        }
        for (Node n : kept) {
            NodeProto.Builder nb =
                    NodeProto.newBuilder()
                            .setOpType(n.opType())
                            .setName(n.output())
                            .addOutput(n.output())
                            .addAllAttribute(n.attrs());
            for (String in : n.inputs()) {
                nb.addInput(initializerNames.getOrDefault(in, in));
            }
            g.addNode(nb);
        }
        for (TensorProto t : inits) {
            String name = initializerNames.getOrDefault(t.getName(), t.getName());
            g.addInitializer(t.toBuilder().setName(name));
        }
        for (String in : inputNames) {
            g.addInput(valueInfo(in, inputs.get(in)));
        }
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            String src = initializerNames.getOrDefault(o.getValue(), o.getValue());
            g.addNode(
                    NodeProto.newBuilder()
                            .setOpType("Identity")
                            .setName("output_" + o.getKey())
                            .addInput(src)
                            .addOutput(o.getKey()));
            g.addOutput(valueInfo(o.getKey(), values.get(o.getValue())));
        }
        ModelProto.Builder m =
                ModelProto.newBuilder()
                        .setIrVersion(IR_VERSION)
                        .setProducerName("vae4j")
                        .setProducerVersion(producerVersion)
                        .setDomain("org.vae4j")
                        .setModelVersion(1)
                        .addOpsetImport(
                                OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                        .setGraph(g);
        metadata.forEach(
                (k, v) ->
                        m.addMetadataProps(
                                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** Returns {@code float32[batch,784]} for a value, the batch written symbolically. */
    String signature(Value v) {
        StringBuilder b = new StringBuilder(v.dtype().toString()).append('[');
        for (int a = 0; a < v.shape().rank(); a++) {
            b.append(a == 0 ? "" : ",");
            b.append(isBatch(v.shape(), a) ? BATCH_PARAM : String.valueOf(v.shape().dim(a)));
        }
        return b.append(']').toString();
    }

    private ValueInfoProto valueInfo(String name, Value v) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int a = 0; a < v.shape().rank(); a++) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (isBatch(v.shape(), a)) {
                d.setDimParam(BATCH_PARAM);
            } else {
                d.setDimValue(v.shape().dim(a));
            }
            shape.addDim(d);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        TypeProto.newBuilder()
                                .setTensorType(
                                        TypeProto.Tensor.newBuilder()
                                                .setElemType(elemType(v.dtype()))
                                                .setShape(shape)))
                .build();
    }
}
