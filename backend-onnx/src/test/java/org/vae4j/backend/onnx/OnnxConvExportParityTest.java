package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.onnx.proto.Onnx.ModelProto;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.Vae;

/**
 * Exports the default convolutional VAE with random weights and checks that ONNX Runtime reproduces
 * the reference backend's decoder and encoder within 1e-5 on 1,000 inputs, through one {@code Conv}
 * or {@code ConvTranspose} node per layer.
 */
class OnnxConvExportParityTest {
    static final ConvVaeConfig CONFIG = ConvVaeConfig.mnist();

    @TempDir static Path dir;
    static Backend reference;
    static Vae vae;

    @BeforeAll
    static void exportRandomModel() {
        reference = ReferenceBackend.create();
        vae = OnnxExportParityTest.randomVae(reference, CONFIG, 13);
        OnnxExport.export(vae, CONFIG, Map.of("run", "conv-parity-test"), dir);
    }

    @AfterAll
    static void close() {
        vae.close();
        reference.close();
    }

    @Test
    void decoderMatchesReferenceOnThousandCodes() {
        int n = 1000;
        float[] z = OnnxExportParityTest.normals(n * CONFIG.latent(), 21);
        Map<String, float[]> ort;
        try (OnnxRunner r = OnnxRunner.open(dir.resolve(OnnxExport.DECODER_FILE))) {
            assertThat(r.inputs().get("z")).containsExactly(-1, CONFIG.latent());
            ort = r.run(Map.of("z", z));
        }
        try (NoGrad off = NoGrad.enter()) {
            Tensor zt = reference.fromFloats(z, Shape.of(n, CONFIG.latent()));
            Bernoulli p = (Bernoulli) vae.decoder().decode(Variable.constant(zt));
            OnnxExportParityTest.assertClose(
                    "conv decoder logits", ort.get("logits"), p.logits().value().toFloats());
        }
    }

    @Test
    void encoderMatchesReferenceOnThousandImages() {
        int n = 1000;
        float[] x = OnnxExportParityTest.uniforms(n * CONFIG.features(), 31);
        Map<String, float[]> enc;
        try (OnnxRunner e = OnnxRunner.open(dir.resolve(OnnxExport.ENCODER_FILE))) {
            enc = e.run(Map.of("x", x));
        }
        try (NoGrad off = NoGrad.enter()) {
            Tensor xt = reference.fromFloats(x, Shape.of(n, CONFIG.features()));
            DiagonalGaussian q = (DiagonalGaussian) vae.encoder().encode(Variable.constant(xt));
            OnnxExportParityTest.assertClose(
                    "conv encoder mu", enc.get("mu"), q.mean().value().toFloats());
            OnnxExportParityTest.assertClose(
                    "conv encoder log_var", enc.get("log_var"), q.logVar().value().toFloats());
        }
    }

    @Test
    void theGraphsHoldOneConvolutionNodePerLayer() throws Exception {
        ModelProto decoder =
                ModelProto.parseFrom(Files.readAllBytes(dir.resolve(OnnxExport.DECODER_FILE)));
        ModelProto encoder =
                ModelProto.parseFrom(Files.readAllBytes(dir.resolve(OnnxExport.ENCODER_FILE)));
        assertThat(
                        decoder.getGraph().getNodeList().stream()
                                .filter(nd -> nd.getOpType().equals("ConvTranspose")))
                .hasSize(2);
        assertThat(
                        encoder.getGraph().getNodeList().stream()
                                .filter(nd -> nd.getOpType().equals("Conv")))
                .hasSize(2);
        assertThat(
                        decoder.getMetadataPropsList().stream()
                                .filter(m -> m.getKey().equals("vae4j.architecture")))
                .singleElement()
                .satisfies(m -> assertThat(m.getValue()).isEqualTo("conv"));
    }
}
