package org.vae4j.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A data file that may be stored plain or gzipped, {@code NAME} or {@code NAME.gz}: picks the one
 * to read so that it gets the same {@code SHA256SUMS} check whichever of the two the sums list.
 *
 * <ul>
 *   <li>Both there: each is checked against its own line, if any, and their contents (the gzipped
 *       one decompressed) must be the same; otherwise neither is read. The plain one is read.
 *   <li>Only {@code NAME.gz}, and the sums list only {@code NAME}: its decompressed content is
 *       checked against that line.
 *   <li>Only {@code NAME}, and the sums list only {@code NAME.gz}: it cannot be checked, and is
 *       refused.
 * </ul>
 */
final class GzipTwins {
    private static final String GZ = ".gz";

    private GzipTwins() {}

    /**
     * Returns the file to read for {@code name} in {@code dir}, empty if neither form is there.
     *
     * @param sums what {@code SHA256SUMS} lists, by name; empty without one
     * @throws DataFormatException if the two forms differ, or the one there cannot be checked
     */
    static Optional<Path> choose(Path dir, String name, Map<String, String> sums) {
        Path plain = DataFiles.regularFile(dir, name).orElse(null);
        Path gzip = DataFiles.regularFile(dir, name + GZ).orElse(null);
        String plainSum = sums.get(name);
        String gzipSum = sums.get(name + GZ);
        if (plain != null && gzip != null) {
            DataFiles.verify(plain, plainSum);
            DataFiles.verify(gzip, gzipSum);
            requireSameContent(plain, gzip, plainSum != null, gzipSum != null);
            return Optional.of(plain);
        }
        if (plain != null && plainSum == null && gzipSum != null) {
            throw new DataFormatException(
                    plain,
                    Mnist.CHECKSUMS
                            + " lists only "
                            + name
                            + GZ
                            + ", so this uncompressed copy cannot be checked",
                    "Put "
                            + name
                            + GZ
                            + " back beside it to compare them, or, if it is right, add its line"
                            + " with `sha256sum "
                            + name
                            + " >> "
                            + Mnist.CHECKSUMS
                            + "`");
        }
        if (gzip != null && gzipSum == null && plainSum != null) {
            String actual = contentSha256(gzip);
            if (!actual.equals(plainSum)) {
                throw new DataFormatException(
                        gzip,
                        "decompresses to content of SHA-256 "
                                + actual
                                + ", but "
                                + Mnist.CHECKSUMS
                                + " lists "
                                + plainSum
                                + " for "
                                + name,
                        "The file is damaged or was changed; re-copy it");
            }
        }
        return Optional.ofNullable(plain != null ? plain : gzip);
    }

    private static void requireSameContent(
            Path plain, Path gzip, boolean plainListed, boolean gzipListed) {
        String plainContent = contentSha256(plain);
        String gzipContent = contentSha256(gzip);
        if (plainContent.equals(gzipContent)) {
            return;
        }
        String fix;
        if (gzipListed && !plainListed) {
            fix = "Delete " + plain + "; " + gzip.getFileName() + " matches " + Mnist.CHECKSUMS;
        } else if (plainListed && !gzipListed) {
            fix = "Delete " + gzip + "; " + plain.getFileName() + " matches " + Mnist.CHECKSUMS;
        } else {
            fix = "Delete the one that is wrong, or both and restore the originals";
        }
        throw new DataFormatException(
                plain,
                "holds other data than "
                        + gzip.getFileName()
                        + " beside it (content SHA-256 "
                        + plainContent
                        + " against "
                        + gzipContent
                        + " decompressed), so vae4j reads neither",
                fix);
    }

    /** The SHA-256 of a file's content: of its bytes, or of what they decompress to if gzipped. */
    static String contentSha256(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return DataFiles.sha256(in);
            }
        } catch (IOException e) {
            throw new DataFormatException(
                    file,
                    "cannot be read or decompressed (" + e + ")",
                    "Re-copy the file, or check that it is readable",
                    e);
        }
    }
}
