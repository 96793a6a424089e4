package org.vae4j.examples.pictures;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** PNG encoding, the one place pictures become bytes. */
public final class Png {
    private Png() {}

    /**
     * Writes {@code image} as PNG to {@code out}, which is flushed but not closed. Buffers in
     * memory rather than in a temporary file, and changes no global {@link ImageIO} setting.
     *
     * @throws IOException if writing fails or no PNG writer can encode the image
     */
    public static void writePng(BufferedImage image, OutputStream out) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(out, "out");
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("No PNG writer is installed in this JDK");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        out.flush();
    }
}
