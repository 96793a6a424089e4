package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;

/**
 * Every lowering, numerically: each case runs the same SPI code on the reference backend (at batch
 * sizes 3 and 5) and, traced once on the onnx backend, in ONNX Runtime at those batch sizes; the
 * two must agree within 1e-5. Inputs are {@code x [batch, 4]} in (-2, 2).
 */
class OnnxLoweringParityTest {
    static final int FEATURES = 4;

    /** One computation written against the SPI. */
    @FunctionalInterface
    interface Case {
        Tensor apply(TensorOps ops, Tensor x);
    }

    @TempDir static Path dir;
    static Backend reference;

    @BeforeAll
    static void open() {
        reference = ReferenceBackend.create();
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    static Tensor c(TensorOps ops) {
        return ops.fromFloats(new float[] {0.5f, -1.25f, 2f, 0.75f}, Shape.of(FEATURES));
    }

    static Tensor w(TensorOps ops, int rows) {
        float[] f = Rng.seeded(rows).normalFloats(rows * FEATURES);
        return ops.fromFloats(f, Shape.of(rows, FEATURES));
    }

    static Tensor positive(TensorOps ops, Tensor x) {
        return ops.binary(Op.ADD, ops.unary(Op.ABS, x), ops.scalar(0.1, DType.FLOAT32));
    }

    static Stream<Arguments> cases() {
        Map<String, Case> cases = new LinkedHashMap<>();
        for (Op op : Op.values()) {
            if (op.kind() == Op.Kind.UNARY) {
                boolean needsPositive = op == Op.LOG || op == Op.SQRT || op == Op.LOG1P;
                cases.put(
                        op.name(), (ops, x) -> ops.unary(op, needsPositive ? positive(ops, x) : x));
            } else if (op.kind() == Op.Kind.BINARY) {
                if (op == Op.POW) {
                    cases.put(op.name(), (ops, x) -> ops.binary(op, positive(ops, x), c(ops)));
                } else {
                    cases.put(op.name(), (ops, x) -> ops.binary(op, x, c(ops)));
                    cases.put(
                            op.name() + " scalar-first",
                            (ops, x) -> ops.binary(op, ops.scalar(0.3, DType.FLOAT32), x));
                }
            }
        }
        for (Op op : List.of(Op.SOFTPLUS, Op.SIGMOID, Op.TANH)) {
            cases.put(
                    op.name() + " large",
                    (ops, x) ->
                            ops.binary(
                                    Op.DIV,
                                    ops.unary(
                                            op,
                                            ops.binary(Op.MUL, x, ops.scalar(50, DType.FLOAT32))),
                                    ops.scalar(50, DType.FLOAT32)));
        }
        cases.put(
                "WHERE",
                (ops, x) -> ops.where(ops.binary(Op.GREATER, x, c(ops)), x, ops.unary(Op.NEG, x)));
        cases.put("SUM features", (ops, x) -> ops.reduce(Op.SUM, x, new int[] {1}, false));
        cases.put("SUM batch", (ops, x) -> ops.reduce(Op.SUM, x, new int[] {0}, true));
        cases.put("SUM none", (ops, x) -> ops.reduce(Op.SUM, x, new int[] {}, false));
        cases.put("MAX features", (ops, x) -> ops.reduce(Op.MAX, x, new int[] {-1}, true));
        cases.put("MATMUL", (ops, x) -> ops.matmul(x, w(ops, 3), false, true));
        cases.put(
                "MATMUL transposed",
                (ops, x) -> ops.matmul(ops.permute(w(ops, 3), 1, 0), x, true, true));
        cases.put("MATMUL over batch", (ops, x) -> ops.matmul(x, x, true, false));
        cases.put(
                "linear",
                (ops, x) ->
                        ops.linear(
                                x, w(ops, 3), ops.fromFloats(new float[] {1, 2, 3}, Shape.of(3))));
        cases.put("linear no bias", (ops, x) -> ops.linear(x, w(ops, 2), null));
        cases.put(
                "RESHAPE",
                (ops, x) -> {
                    int b = x.shape().dim(0);
                    Tensor r = ops.reshape(x, Shape.of(b, 2, 2));
                    Tensor flat = ops.reshape(r, Shape.of(b * FEATURES));
                    return ops.reshape(flat, Shape.of(b, FEATURES));
                });
        cases.put(
                "PERMUTE",
                (ops, x) -> {
                    int b = x.shape().dim(0);
                    Tensor t = ops.permute(ops.reshape(x, Shape.of(b, 2, 2)), 2, 0, 1);
                    return ops.reshape(ops.permute(t, 1, 2, 0), Shape.of(b, FEATURES));
                });
        cases.put(
                "BROADCAST_TO constant",
                (ops, x) -> ops.binary(Op.MUL, x, ops.broadcastTo(c(ops), x.shape())));
        cases.put(
                "BROADCAST_TO column",
                (ops, x) -> ops.broadcastTo(ops.slice(x, 1, 1, 2), x.shape()));
        cases.put(
                "full", (ops, x) -> ops.binary(Op.ADD, x, ops.full(x.shape(), 2.5, DType.FLOAT32)));
        cases.put("CONCAT", (ops, x) -> ops.concat(List.of(x, ops.unary(Op.EXP, x)), 1));
        cases.put("SLICE", (ops, x) -> ops.slice(x, -1, 1, 3));
        cases.put(
                "TAKE",
                (ops, x) -> ops.matmul(x, ops.take(w(ops, 3), new int[] {2, 0, 2}), false, true));
        cases.put(
                "CAST",
                (ops, x) -> ops.cast(ops.unary(Op.EXP, ops.cast(x, DType.FLOAT64)), DType.FLOAT32));
        return cases.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeAgreesWithTheReference(String name, Case c) throws IOException {
        Path file = dir.resolve(name.replace(' ', '_') + ".onnx");
        try (OnnxBackend onnx = OnnxBackend.create()) {
            Tensor y = c.apply(onnx, onnx.input("x", DType.FLOAT32, FEATURES));
            byte[] model =
                    onnx.graph()
                            .model(
                                    name,
                                    List.of("x"),
                                    Map.of("y", onnx.valueName(y)),
                                    Map.of(),
                                    Map.of(),
                                    "test")
                            .toByteArray();
            Files.write(file, model);
        }
        try (OnnxRunner r = OnnxRunner.open(file)) {
            for (int batch : new int[] {3, 5}) {
                float[] x = Rng.seeded(batch).uniformFloats(batch * FEATURES);
                for (int i = 0; i < x.length; i++) {
                    x[i] = 4 * x[i] - 2;
                }
                float[] expected;
                try (var scope = reference.openScope()) {
                    expected =
                            c.apply(reference, reference.fromFloats(x, Shape.of(batch, FEATURES)))
                                    .toFloats();
                }
                float[] actual = r.run(Map.of("x", x)).get("y");
                assertThat(OnnxExportParityTest.maxAbsDiff(actual, expected))
                        .as("%s at batch %d", name, batch)
                        .isLessThanOrEqualTo(1e-5);
            }
        }
    }
}
