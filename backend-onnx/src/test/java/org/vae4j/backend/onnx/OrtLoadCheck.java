package org.vae4j.backend.onnx;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Loads and runs ONNX files in a fresh JVM so that a test can read ONNX Runtime's log. */
public final class OrtLoadCheck {
    private OrtLoadCheck() {}

    /** Opens each file named on the command line and runs it on a batch of three zero rows. */
    public static void main(String[] files) {
        for (String f : files) {
            try (OnnxRunner r = OnnxRunner.open(Path.of(f))) {
                Map<String, float[]> feed = new HashMap<>();
                r.inputs().forEach((k, v) -> feed.put(k, new float[(int) v[1] * 3]));
                System.out.println("ran " + Path.of(f).getFileName() + " " + r.run(feed).keySet());
            }
        }
    }
}
