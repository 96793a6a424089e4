package org.vae4j.spark.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder of tiny IDX images for the command-line tests: 2x3 pixels, labels 0..2. */
final class TinyImages {
    /** Pixels per image. */
    static final int FEATURES = 6;

    private TinyImages() {}

    /**
     * Writes {@code n} unsigned-byte images of split {@code split} and their labels into {@code
     * dir}.
     */
    static void write(Path dir, String split, int n, int seed) throws IOException {
        ByteBuffer pixels = ByteBuffer.allocate(16 + n * FEATURES);
        pixels.putInt(0x0803).putInt(n).putInt(2).putInt(3);
        for (int i = 0; i < n * FEATURES; i++) {
            pixels.put((byte) (seed * 29 * i + 11));
        }
        ByteBuffer labels = ByteBuffer.allocate(8 + n);
        labels.putInt(0x0801).putInt(n);
        for (int i = 0; i < n; i++) {
            labels.put((byte) (i % 3));
        }
        Files.write(dir.resolve(split + "-images-idx3-ubyte"), pixels.array());
        Files.write(dir.resolve(split + "-labels-idx1-ubyte"), labels.array());
    }
}
