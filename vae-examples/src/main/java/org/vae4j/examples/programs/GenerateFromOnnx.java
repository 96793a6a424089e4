package org.vae4j.examples.programs;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Generates digits from an exported {@code decoder.onnx} with ONNX Runtime and the JDK alone: no
 * vae4j class, no training backend. It reads the latent size from the file's metadata, decodes
 * standard normal draws, and writes the Bernoulli probabilities as a grid of 28x28 images.
 *
 * <pre>{@code
 * java -cp vae-examples.jar:onnxruntime.jar org.vae4j.examples.programs.GenerateFromOnnx \
 *     decoder.onnx digits.png 64
 * }</pre>
 */
public final class GenerateFromOnnx {
    private static final int SIDE = 28;

    private GenerateFromOnnx() {}

    /** Arguments: the decoder, the PNG to write, and optionally the count (default 64). */
    public static void main(String[] args) throws OrtException, IOException {
        if (args.length < 2) {
            System.err.println("usage: GenerateFromOnnx DECODER.onnx OUT.png [COUNT]");
            System.exit(2);
        }
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession decoder = env.createSession(args[0], new OrtSession.SessionOptions())) {
            String latentText = decoder.getMetadata().getCustomMetadata().get("vae4j.latent");
            int latent = Integer.parseInt(latentText);
            float[] z = new float[count * latent];
            Random random = new Random(1);
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) random.nextGaussian();
            }
            long[] shape = {count, latent};
            try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(z), shape);
                    OrtSession.Result result = decoder.run(Map.of("z", input))) {
                OnnxTensor probs = (OnnxTensor) result.get("probs").orElseThrow();
                FloatBuffer pixels = probs.getFloatBuffer();
                ImageIO.write(grid(pixels, count), "png", new File(args[1]));
            }
        }
        System.out.println("Wrote " + count + " digits to " + args[1]);
    }

    /** Lays the images out in rows of up to eight, one grey pixel per value. */
    private static BufferedImage grid(FloatBuffer pixels, int count) {
        int columns = Math.min(8, count);
        int rows = (count + columns - 1) / columns;
        BufferedImage image =
                new BufferedImage(columns * SIDE, rows * SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int k = 0; k < count; k++) {
            int x0 = (k % columns) * SIDE;
            int y0 = (k / columns) * SIDE;
            for (int p = 0; p < SIDE * SIDE; p++) {
                float v = Math.max(0, Math.min(1, pixels.get(k * SIDE * SIDE + p)));
                int grey = Math.round(v * 255);
                image.getRaster().setSample(x0 + p % SIDE, y0 + p / SIDE, 0, grey);
            }
        }
        return image;
    }
}
