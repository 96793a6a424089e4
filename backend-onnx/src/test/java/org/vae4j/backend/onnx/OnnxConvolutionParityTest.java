package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.onnx.proto.Onnx.ModelProto;
import org.vae4j.backend.onnx.proto.Onnx.NodeProto;
import org.vae4j.backend.reference.ReferenceBackend;

/**
 * The convolution lowerings, numerically, in the manner of {@link OnnxLoweringParityTest}: each
 * geometry is traced once on the onnx backend (example batch {@value
 * OnnxBackend#DEFAULT_EXAMPLE_BATCH}) to a {@code Conv} or {@code ConvTranspose} node, and ONNX
 * Runtime must reproduce the reference backend's float32 values at batch sizes 1 and 3 within 1e-5
 * of their largest magnitude. Inputs are {@code x [batch, 2, 7, 5]} in (-2, 2), kernels map them to
 * 3 channels. Float64 is not run: ONNX Runtime's CPU provider has no float64 kernel for either op.
 */
class OnnxConvolutionParityTest {
    static final double TOLERANCE = 1e-5;
    static final int CHANNELS = 2;
    static final int HEIGHT = 7;
    static final int WIDTH = 5;
    static final int OUT_CHANNELS = 3;

    /** A convolution or a transposed one with a {@code kH x kW} kernel. */
    record Geometry(boolean transposed, int kH, int kW, Conv2dSpec spec) {

        Tensor apply(TensorOps ops, Tensor x) {
            Shape kernel =
                    transposed
                            ? Shape.of(CHANNELS, OUT_CHANNELS, kH, kW)
                            : Shape.of(OUT_CHANNELS, CHANNELS, kH, kW);
            float[] f = Rng.seeded(toString().hashCode()).normalFloats(kernel.sizeAsInt());
            Tensor k = ops.fromFloats(f, kernel);
            return transposed ? ops.convTranspose2d(x, k, spec) : ops.conv2d(x, k, spec);
        }

        @Override
        public String toString() {
            return (transposed ? "convT " : "conv ") + kH + "x" + kW + ", " + spec;
        }
    }

    static Geometry conv(int kH, int kW, Conv2dSpec spec) {
        return new Geometry(false, kH, kW, spec);
    }

    static Geometry convT(int kH, int kW, Conv2dSpec spec) {
        return new Geometry(true, kH, kW, spec);
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

    /**
     * The last four have an output padding that reaches the stride on some axis, which ONNX Runtime
     * cannot take as {@code output_padding}.
     */
    static Stream<Geometry> geometries() {
        Conv2dSpec stride2 = Conv2dSpec.of(2, 1);
        Conv2dSpec dilated = Conv2dSpec.of(1, 2).withDilation(2, 2);
        return Stream.of(
                conv(3, 3, Conv2dSpec.DEFAULT),
                conv(3, 3, stride2),
                conv(3, 3, dilated),
                conv(3, 2, new Conv2dSpec(2, 1, 0, 2, 1, 2, 0, 0)),
                convT(3, 3, Conv2dSpec.DEFAULT),
                convT(3, 3, stride2),
                convT(3, 3, stride2.withOutputPadding(1, 1)),
                convT(3, 2, new Conv2dSpec(2, 3, 1, 0, 2, 1, 1, 2)),
                convT(3, 3, dilated.withOutputPadding(1, 1)),
                convT(3, 3, Conv2dSpec.DEFAULT.withDilation(2, 2).withOutputPadding(1, 1)),
                convT(3, 2, new Conv2dSpec(1, 2, 1, 1, 3, 1, 2, 1)),
                convT(3, 3, new Conv2dSpec(2, 2, 1, 2, 3, 3, 2, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void onnxRuntimeAgreesWithTheReference(Geometry g) throws IOException {
        Path file = dir.resolve(g.toString().replaceAll("\\W+", "_") + ".onnx");
        try (OnnxBackend onnx = OnnxBackend.create()) {
            Tensor y = g.apply(onnx, onnx.input("x", DType.FLOAT32, CHANNELS, HEIGHT, WIDTH));
            ModelProto model =
                    onnx.graph()
                            .model(
                                    "conv",
                                    List.of("x"),
                                    Map.of("y", onnx.valueName(y)),
                                    Map.of(),
                                    Map.of(),
                                    "test");
            String op = g.transposed() ? "ConvTranspose" : "Conv";
            assertThat(model.getGraph().getNodeList())
                    .extracting(NodeProto::getOpType)
                    .startsWith(op)
                    .containsOnlyOnce(op, "Identity")
                    .isSubsetOf(op, "Pad", "Identity");
            assertThat(model.getGraph().getOutput(0).getType().getTensorType().getShape())
                    .extracting(s -> s.getDim(0).getDimParam())
                    .isEqualTo(OnnxGraph.BATCH_PARAM);
            Files.write(file, model.toByteArray());
        }
        try (OnnxRunner r = OnnxRunner.open(file)) {
            for (int batch : new int[] {1, 3}) {
                Shape shape = Shape.of(batch, CHANNELS, HEIGHT, WIDTH);
                float[] x = Rng.seeded(batch).uniformFloats(shape.sizeAsInt());
                for (int i = 0; i < x.length; i++) {
                    x[i] = 4 * x[i] - 2;
                }
                float[] expected;
                try (var scope = reference.openScope()) {
                    expected = g.apply(reference, reference.fromFloats(x, shape)).toFloats();
                }
                float[] actual = r.run(Map.of("x", x)).get("y");
                double scale = 1;
                for (float e : expected) {
                    scale = Math.max(scale, Math.abs(e));
                }
                assertThat(actual).as("%s at batch %d", g, batch).hasSameSizeAs(expected);
                assertThat(OnnxExportParityTest.maxAbsDiff(actual, expected))
                        .as("%s at batch %d", g, batch)
                        .isLessThanOrEqualTo(TOLERANCE * scale);
            }
        }
    }
}
