package org.vae4j.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.Backend;
import org.vae4j.backend.onnx.proto.Onnx.GraphProto;
import org.vae4j.backend.onnx.proto.Onnx.ModelProto;
import org.vae4j.backend.onnx.proto.Onnx.TensorProto;
import org.vae4j.backend.reference.ReferenceBackend;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.nn.Activation;

/**
 * ONNX Runtime writes its log from native code, out of reach of Java; so the files are loaded in a
 * child JVM (sessions at warning level) whose output is read back. A model with an unused
 * initializer shows that a warning would be seen.
 */
class OrtWarningsTest {

    @Test
    void exportedFilesLoadAndRunWithoutWarnings(@TempDir Path dir) throws Exception {
        MlpVaeConfig config =
                new MlpVaeConfig(30, 4, new int[] {12}, Activation.RELU, "continuous-bernoulli");
        try (Backend ref = ReferenceBackend.create()) {
            OnnxExport.export(
                    OnnxExportParityTest.randomVae(ref, config, 3), config, Map.of(), dir);
        }
        Path bad = dir.resolve("unused-initializer.onnx");
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("decoder.onnx")));
        GraphProto g =
                m.getGraph().toBuilder()
                        .addInitializer(
                                TensorProto.newBuilder()
                                        .setName("unused")
                                        .setDataType(TensorProto.DataType.FLOAT_VALUE)
                                        .addDims(1)
                                        .addFloatData(1f))
                        .build();
        Files.write(bad, m.toBuilder().setGraph(g).build().toByteArray());

        String log =
                runChild(
                        dir.resolve("decoder.onnx"),
                        dir.resolve("encoder.onnx"),
                        dir.resolve("sampler.onnx"));
        assertThat(log).contains("ran decoder.onnx", "ran encoder.onnx", "ran sampler.onnx");
        assertThat(log).doesNotContain("[W:", "[E:");

        assertThat(runChild(bad)).contains("[W:").contains("unused");
    }

    private static String runChild(Path... files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(OrtLoadCheck.class.getName());
        for (Path f : files) {
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
