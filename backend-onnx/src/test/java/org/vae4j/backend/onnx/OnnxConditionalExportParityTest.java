package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Module;

/**
 * A conditional MLP and a conditional conv VAE with batch norm (evaluation mode: running
 * statistics) exported with random weights: the decoder takes {@code z} and {@code c}, the encoder
 * {@code x} and {@code c}, and ONNX Runtime matches the reference backend within 1e-5 on 1,000 rows
 * with random one-hot conditions.
 */
class OnnxConditionalExportParityTest {
    private static final int N = 1000;
    private static final int CLASSES = 10;

    @TempDir Path dir;

    @Test
    void conditionalModelsTakeTheConditionInEveryFile() {
        check(new MlpVaeConfig(784, 8, new int[] {64}, Activation.RELU, "bernoulli", CLASSES));
        check(
                new ConvVaeConfig(
                                1, 28, 28, new int[] {4, 8}, 4, 32, 8, Activation.RELU, "bernoulli")
                        .withConditions(CLASSES)
                        .withBatchNorm(true));
    }

    private void check(ModelConfig config) {
        Path out = dir.resolve(config.type());
        float[] c = new float[N * CLASSES];
        for (int i = 0; i < N; i++) {
            c[i * CLASSES + (i * 7) % CLASSES] = 1;
        }
        float[] z = OnnxExportParityTest.normals(N * config.latent(), 21);
        float[] x = OnnxExportParityTest.uniforms(N * config.features(), 31);
        try (Backend reference = ReferenceBackend.create();
                Vae vae = OnnxExportParityTest.randomVae(reference, config, 17)) {
            OnnxExport.export(vae, config, Map.of(), out);
            Map<String, float[]> dec;
            Map<String, float[]> enc;
            try (OnnxRunner d = OnnxRunner.open(out.resolve(OnnxExport.DECODER_FILE));
                    OnnxRunner e = OnnxRunner.open(out.resolve(OnnxExport.ENCODER_FILE))) {
                assertThat(d.inputs().keySet()).containsExactly("z", "c");
                assertThat(d.metadata()).containsEntry("vae4j.conditions", "10");
                dec = d.run(Map.of("z", z, "c", c));
                enc = e.run(Map.of("x", x, "c", c));
            }
            try (NoGrad off = NoGrad.enter();
                    Module.Mode eval = vae.evaluation()) {
                Variable cv = Variable.constant(reference.fromFloats(c, Shape.of(N, CLASSES)));
                Variable zv =
                        Variable.constant(reference.fromFloats(z, Shape.of(N, config.latent())));
                Variable xv =
                        Variable.constant(reference.fromFloats(x, Shape.of(N, config.features())));
                Bernoulli p = (Bernoulli) vae.decoder().decode(zv, cv);
                DiagonalGaussian q = (DiagonalGaussian) vae.encoder().encode(xv, cv);
                String what = config.type() + " ";
                OnnxExportParityTest.assertClose(
                        what + "logits", dec.get("logits"), p.logits().value().toFloats());
                OnnxExportParityTest.assertClose(
                        what + "mu", enc.get("mu"), q.mean().value().toFloats());
            }
        }
    }
}
