package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.onnx.proto.Onnx.ModelProto;
import org.vae4j.backend.onnx.proto.Onnx.NodeProto;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.export.Exporters;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

class OnnxBackendTest {

    @Test
    void declaresExportButNotValuesOrTraining() {
        try (OnnxBackend onnx = OnnxBackend.create()) {
            assertThat(onnx.capabilities())
                    .contains(Capability.GRAPH_EXPORT)
                    .doesNotContain(Capability.READ_VALUES, Capability.TRAINING);
            Tensor x = onnx.input("x", DType.FLOAT32, 3);
            assertThat(x.shape()).isEqualTo(Shape.of(OnnxBackend.DEFAULT_EXAMPLE_BATCH, 3));
            Tensor y = onnx.unary(Op.EXP, x);
            assertThatThrownBy(y::toFloats)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("symbolic")
                    .hasMessageContaining("READ_VALUES");
            assertThatThrownBy(() -> onnx.assign(y, y))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void providerIsRegisteredWithPriorityZero() {
        BackendProvider p =
                java.util.ServiceLoader.load(BackendProvider.class).stream()
                        .map(java.util.ServiceLoader.Provider::get)
                        .filter(x -> x.name().equals("onnx"))
                        .findFirst()
                        .orElseThrow();
        assertThat(p.priority()).isZero();
        try (Backend b = p.open(p.devices().get(0))) {
            assertThat(b).isInstanceOf(OnnxBackend.class);
        }
    }

    @Test
    void everyPrimitiveOpRecordsItsNodes() {
        try (OnnxBackend onnx = OnnxBackend.create(5)) {
            Tensor x = onnx.input("x", DType.FLOAT32, 4);
            Tensor c = onnx.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(4));
            Tensor t = x;
            for (Op op : Op.values()) {
                if (op.kind() == Op.Kind.UNARY) {
                    t = onnx.binary(Op.ADD, t, onnx.unary(op, x));
                } else if (op.kind() == Op.Kind.BINARY) {
                    t = onnx.binary(Op.ADD, t, onnx.binary(op, x, c));
                }
            }
            t = onnx.where(onnx.binary(Op.GREATER, t, c), t, x);
            t = onnx.reduce(Op.SUM, t, new int[] {1}, true);
            t = onnx.binary(Op.ADD, t, onnx.reduce(Op.MAX, x, new int[] {1}, true));
            Tensor w = onnx.fromFloats(new float[12], Shape.of(3, 4));
            Tensor m = onnx.matmul(onnx.broadcastTo(t, Shape.of(5, 4)), w, false, true);
            m = onnx.linear(m, onnx.fromFloats(new float[6], Shape.of(2, 3)), null);
            m = onnx.reshape(m, Shape.of(10));
            m = onnx.reshape(m, Shape.of(5, 2));
            m = onnx.permute(onnx.permute(m, 1, 0), 1, 0);
            m = onnx.concat(List.of(m, m), 1);
            m = onnx.slice(m, 1, 1, 3);
            m = onnx.cast(onnx.cast(m, DType.FLOAT64), DType.FLOAT32);
            Tensor g = onnx.take(w, new int[] {2, 0});
            Tensor k = onnx.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
            Tensor img = onnx.conv2d(onnx.reshape(x, Shape.of(5, 1, 2, 2)), k, Conv2dSpec.of(1, 1));
            img = onnx.convTranspose2d(img, k, Conv2dSpec.of(2, 0).withOutputPadding(1, 1));
            ModelProto model =
                    onnx.graph()
                            .model(
                                    "all",
                                    List.of("x"),
                                    Map.of(
                                            "m",
                                            onnx.valueName(m),
                                            "g",
                                            onnx.valueName(g),
                                            "img",
                                            onnx.valueName(img)),
                                    Map.of(),
                                    Map.of(),
                                    "test");
            List<String> ops =
                    model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
            assertThat(ops)
                    .contains(
                            "Neg",
                            "Exp",
                            "Log",
                            "Sqrt",
                            "Abs",
                            "Tanh",
                            "Sigmoid",
                            "Relu",
                            "Softplus",
                            "Add",
                            "Sub",
                            "Mul",
                            "Div",
                            "Max",
                            "Pow",
                            "Greater",
                            "Cast",
                            "Where",
                            "ReduceSum",
                            "ReduceMax",
                            "Gemm",
                            "Reshape",
                            "Transpose",
                            "Expand",
                            "Concat",
                            "Slice",
                            "Gather",
                            "Conv",
                            "ConvTranspose",
                            "Shape");
            assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
            assertThat(model.getIrVersion()).isEqualTo(8);
        }
    }

    @Test
    void anOpWithoutLoweringFailsNamingIt() {
        MlpVaeConfig config = new MlpVaeConfig(6, 2, new int[] {4}, Activation.RELU, "bernoulli");
        try (Backend ref = ReferenceBackend.create()) {
            Vae vae = config.build(Init.on(ref, DType.FLOAT32, Rng.seeded(1)));
            assertThatThrownBy(
                            () ->
                                    OnnxExport.trace(
                                            vae,
                                            config,
                                            Map.of(),
                                            EnumSet.complementOf(EnumSet.of(Op.SIGMOID))))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("SIGMOID")
                    .hasMessageContaining("no ONNX lowering");
        }
    }

    @Test
    void slicingPartOfTheBatchHasNoLowering() {
        try (OnnxBackend onnx = OnnxBackend.create()) {
            Tensor x = onnx.input("x", DType.FLOAT32, 3);
            assertThatThrownBy(() -> onnx.slice(x, 0, 0, 2))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("SLICE");
        }
    }

    @Test
    void convolvingASpatialAxisOfTheBatchHasNoLowering() {
        try (OnnxBackend onnx = OnnxBackend.create(5)) {
            Tensor x = onnx.reshape(onnx.input("x", DType.FLOAT32, 4), Shape.of(1, 1, 5, 4));
            Tensor k = onnx.fromFloats(new float[4], Shape.of(1, 1, 2, 2));
            assertThatThrownBy(() -> onnx.convTranspose2d(x, k, Conv2dSpec.DEFAULT))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("CONV_TRANSPOSE2D");
        }
    }

    @Test
    void exporterIsFoundByFormatName() {
        assertThat(Exporters.find("ONNX")).isInstanceOf(OnnxModelExporter.class);
        assertThatThrownBy(() -> Exporters.find("tflite"))
                .hasMessageContaining("No exporter for format 'tflite'");
    }

    @Test
    void gaussianDecoderExportsMeanAndLogVarThroughTheServiceInterface(@TempDir Path dir) {
        MlpVaeConfig config =
                new MlpVaeConfig(20, 3, new int[] {16, 8}, Activation.TANH, "gaussian");
        try (Backend ref = ReferenceBackend.create()) {
            Vae vae = OnnxExportParityTest.randomVae(ref, config, 5);
            List<Path> files = Exporters.find("onnx").export(vae, config, Map.of(), dir);
            assertThat(files)
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("decoder.onnx", "encoder.onnx", "sampler.onnx");
            int n = 50;
            float[] z = OnnxExportParityTest.normals(n * 3, 3);
            Map<String, float[]> ort;
            try (OnnxRunner r = OnnxRunner.open(dir.resolve("decoder.onnx"))) {
                assertThat(r.outputNames()).containsExactly("mean", "log_var");
                ort = r.run(Map.of("z", z));
            }
            try (NoGrad off = NoGrad.enter()) {
                DiagonalGaussian p =
                        (DiagonalGaussian)
                                vae.decoder()
                                        .decode(
                                                Variable.constant(
                                                        ref.fromFloats(z, Shape.of(n, 3))));
                OnnxExportParityTest.assertClose(
                        "gaussian mean", ort.get("mean"), p.mean().value().toFloats());
                OnnxExportParityTest.assertClose(
                        "gaussian log_var", ort.get("log_var"), p.logVar().value().toFloats());
            }
        }
    }

    @Test
    void fixedVarianceGaussianFollowsTheBatch(@TempDir Path dir) {
        MlpVaeConfig config =
                new MlpVaeConfig(10, 2, new int[] {6}, Activation.RELU, "gaussian-fixed:0.5");
        try (Backend ref = ReferenceBackend.create()) {
            Vae vae = OnnxExportParityTest.randomVae(ref, config, 9);
            OnnxExport.export(vae, config, Map.of(), dir);
            try (OnnxRunner r = OnnxRunner.open(dir.resolve("decoder.onnx"))) {
                float[] lv = r.run(Map.of("z", new float[3 * 2])).get("log_var");
                assertThat(lv).hasSize(30).containsOnly((float) Math.log(0.5));
            }
        }
    }
}
