package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.autograd.NoGrad;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.distributions.Bernoulli;
import org.vae4j.core.distributions.DiagonalGaussian;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.Init;

/**
 * Exports a random 784-128-8 Bernoulli VAE built on the reference backend in float32 and checks
 * that ONNX Runtime reproduces the reference backend's outputs within 1e-5 on 1,000 random inputs.
 */
class OnnxExportParityTest {
    static final double TOLERANCE = 1e-5;
    static final MlpVaeConfig CONFIG =
            new MlpVaeConfig(784, 8, new int[] {128}, Activation.RELU, "bernoulli");

    @TempDir static Path dir;
    static Backend reference;
    static Vae vae;

    @BeforeAll
    static void exportRandomModel() {
        reference = ReferenceBackend.create();
        vae = randomVae(reference, CONFIG, 11);
        OnnxExport.export(vae, CONFIG, Map.of("run", "parity-test"), dir);
    }

    @AfterAll
    static void close() {
        vae.close();
        reference.close();
    }

    /** A VAE whose every parameter, biases included, is random (so biases are exercised). */
    static Vae randomVae(Backend backend, ModelConfig config, long seed) {
        Vae v = config.build(Init.on(backend, DType.FLOAT32, Rng.seeded(seed)));
        Rng rng = Rng.seeded(seed + 1);
        Map<String, Tensor> state = new LinkedHashMap<>();
        v.stateDict()
                .forEach(
                        (name, t) -> {
                            float[] f = rng.normalFloats(t.shape().sizeAsInt());
                            boolean variance = name.endsWith("runningVar");
                            for (int i = 0; i < f.length; i++) {
                                f[i] = variance ? 1 + Math.abs(f[i]) : f[i] * 0.05f;
                            }
                            state.put(name, backend.fromFloats(f, t.shape()));
                        });
        v.loadStateDict(state);
        state.values().forEach(Tensor::close);
        return v;
    }

    static float[] uniforms(int n, long seed) {
        return Rng.seeded(seed).uniformFloats(n);
    }

    static float[] normals(int n, long seed) {
        return Rng.seeded(seed).normalFloats(n);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    static void assertClose(String what, float[] ort, float[] ref) {
        double d = maxAbsDiff(ort, ref);
        System.out.printf("max |ORT - reference| for %s: %.3g%n", what, d);
        assertThat(d).as(what).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void decoderMatchesReferenceOnThousandCodes() {
        int n = 1000;
        float[] z = normals(n * CONFIG.latent(), 21);
        Map<String, float[]> ort;
        try (OnnxRunner r = OnnxRunner.open(dir.resolve(OnnxExport.DECODER_FILE))) {
            assertThat(r.outputNames()).containsExactly("probs", "logits");
            assertThat(r.inputs().get("z")).containsExactly(-1, CONFIG.latent());
            ort = r.run(Map.of("z", z));
        }
        try (NoGrad off = NoGrad.enter()) {
            Tensor zt = reference.fromFloats(z, Shape.of(n, CONFIG.latent()));
            Bernoulli p = (Bernoulli) vae.decoder().decode(Variable.constant(zt));
            assertClose("decoder probs", ort.get("probs"), p.probs().value().toFloats());
            assertClose("decoder logits", ort.get("logits"), p.logits().value().toFloats());
        }
    }

    @Test
    void encoderAndSamplerMatchReferenceOnThousandInputs() {
        int n = 1000;
        float[] x = uniforms(n * CONFIG.features(), 31);
        float[] eps = normals(n * CONFIG.latent(), 32);
        Map<String, float[]> enc;
        Map<String, float[]> sam;
        try (OnnxRunner e = OnnxRunner.open(dir.resolve(OnnxExport.ENCODER_FILE));
                OnnxRunner s = OnnxRunner.open(dir.resolve(OnnxExport.SAMPLER_FILE))) {
            assertThat(e.outputNames()).containsExactly("mu", "log_var");
            assertThat(s.inputs().keySet()).containsExactlyInAnyOrder("x", "eps");
            enc = e.run(Map.of("x", x));
            sam = s.run(Map.of("x", x, "eps", eps));
        }
        try (NoGrad off = NoGrad.enter()) {
            Tensor xt = reference.fromFloats(x, Shape.of(n, CONFIG.features()));
            DiagonalGaussian q = (DiagonalGaussian) vae.encoder().encode(Variable.constant(xt));
            assertClose("encoder mu", enc.get("mu"), q.mean().value().toFloats());
            assertClose("encoder log_var", enc.get("log_var"), q.logVar().value().toFloats());
            Variable e = Variable.constant(reference.fromFloats(eps, Shape.of(n, CONFIG.latent())));
            float[] z = q.mean().add(q.logVar().mul(0.5).exp().mul(e)).value().toFloats();
            assertClose("sampler z", sam.get("z"), z);
        }
    }

    /** ELU and leaky ReLU are elementwise expressions: exported as the ops they are made of. */
    @Test
    void activationsWrittenAsExpressionsExportAsTheirOps(@TempDir Path out) {
        for (Activation a : new Activation[] {Activation.ELU, Activation.LEAKY_RELU}) {
            MlpVaeConfig config = new MlpVaeConfig(784, 8, new int[] {64}, a, "bernoulli");
            Path to = out.resolve(a.cliName());
            int n = 100;
            float[] x = uniforms(n * config.features(), 51);
            try (Vae v = randomVae(reference, config, 12)) {
                OnnxExport.export(v, config, Map.of("run", "activation-test"), to);
                Map<String, float[]> enc;
                try (OnnxRunner e = OnnxRunner.open(to.resolve(OnnxExport.ENCODER_FILE))) {
                    enc = e.run(Map.of("x", x));
                }
                try (NoGrad off = NoGrad.enter()) {
                    Tensor xt = reference.fromFloats(x, Shape.of(n, config.features()));
                    DiagonalGaussian q =
                            (DiagonalGaussian) v.encoder().encode(Variable.constant(xt));
                    assertClose(a + " encoder mu", enc.get("mu"), q.mean().value().toFloats());
                }
            }
        }
    }

    @Test
    void oneFileRunsBatchesOfOneSevenAndThousand() {
        float[] z = normals(1000 * CONFIG.latent(), 41);
        try (OnnxRunner r = OnnxRunner.open(dir.resolve(OnnxExport.DECODER_FILE))) {
            float[] all = r.run(Map.of("z", z)).get("probs");
            assertThat(all).hasSize(1000 * CONFIG.features());
            for (int batch : new int[] {1, 7}) {
                float[] part = java.util.Arrays.copyOf(z, batch * CONFIG.latent());
                float[] out = r.run(Map.of("z", part)).get("probs");
                assertThat(out).hasSize(batch * CONFIG.features());
                assertThat(maxAbsDiff(out, java.util.Arrays.copyOf(all, out.length)))
                        .isLessThanOrEqualTo(1e-6);
            }
        }
    }

    @Test
    void metadataRecordsVersionShapesAndProvenance() {
        try (OnnxRunner r = OnnxRunner.open(dir.resolve(OnnxExport.DECODER_FILE))) {
            Map<String, String> m = r.metadata();
            assertThat(m)
                    .containsEntry("vae4j.version", org.vae4j.core.Version.get())
                    .containsEntry("vae4j.latent", "8")
                    .containsEntry("vae4j.likelihood", "bernoulli")
                    .containsEntry("vae4j.model", "decoder")
                    .containsEntry("vae4j.inputs", "z:float32[batch,8]")
                    .containsEntry(
                            "vae4j.outputs", "probs:float32[batch,784];logits:float32[batch,784]")
                    .containsEntry("provenance.run", "parity-test");
        }
        try (OnnxRunner r = OnnxRunner.open(dir.resolve(OnnxExport.SAMPLER_FILE))) {
            assertThat(r.metadata())
                    .containsEntry("vae4j.inputs", "x:float32[batch,784];eps:float32[batch,8]")
                    .containsEntry("vae4j.outputs", "z:float32[batch,8]");
        }
    }

    @Test
    void cudaIsUsedOnlyWhereTheOrtBuildHasIt() {
        boolean cuda =
                ai.onnxruntime.OrtEnvironment.getAvailableProviders()
                        .contains(ai.onnxruntime.OrtProvider.CUDA);
        try (OnnxRunner r = OnnxRunner.open(dir.resolve(OnnxExport.DECODER_FILE), true)) {
            assertThat(r.executionProvider()).isEqualTo(cuda ? "CUDA" : "CPU");
            assertThat(r.run(Map.of("z", new float[CONFIG.latent()])).get("probs"))
                    .hasSize(CONFIG.features());
        }
        try (OnnxRunner r = OnnxRunner.open(dir.resolve(OnnxExport.DECODER_FILE))) {
            assertThat(r.executionProvider()).isEqualTo("CPU");
        }
    }

    @Test
    void runnerRejectsWrongInputs() {
        try (OnnxRunner r = OnnxRunner.open(dir.resolve(OnnxExport.DECODER_FILE))) {
            assertThatThrownBy(() -> r.run(Map.of("x", new float[8])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[z]");
            assertThatThrownBy(() -> r.run(Map.of("z", new float[9])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row size 8");
        }
    }
}
