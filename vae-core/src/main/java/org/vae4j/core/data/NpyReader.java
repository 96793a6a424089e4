package org.vae4j.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads {@code .npy} files in NumPy's own format: the magic {@code \x93NUMPY}, a version byte pair
 * (1.0, 2.0 or 3.0), the header's length (2 bytes little-endian in version 1, 4 after), the header
 * (see {@link NpyHeader}), then the elements in C order. Only the types of {@link NpyArray.Dtype}
 * are read; Fortran order is refused.
 *
 * <p>As with {@link IdxReader}, nothing in a header is trusted: the header is at most {@value
 * #MAX_HEADER_BYTES} bytes, the shape's product is checked for overflow, and the data size is
 * compared with the file before anything is allocated. Every failure is a {@link
 * DataFormatException} with a one-line message.
 */
final class NpyReader {
    /** The longest header read; NumPy's are about 128 bytes. */
    static final int MAX_HEADER_BYTES = 1 << 16;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final String SAVE = "Save the array with numpy.save";
    private static final String RECOPY = "Re-copy the file, or save it again with numpy.save";

    private NpyReader() {}

    /**
     * Reads one {@code .npy} file.
     *
     * @throws DataFormatException if the file is missing, unreadable, not a well-formed {@code
     *     .npy} file, or of a type or order that is not supported
     */
    static NpyArray read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new DataFormatException(path, "no such file", "Check the path");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(path, Files.size(path), in);
        } catch (IOException e) {
            throw new DataFormatException(
                    path, "cannot be read (" + e + ")", "Check that the file is readable", e);
        }
    }

    private static NpyArray read(Path path, long fileSize, InputStream in) throws IOException {
        byte[] preamble = in.readNBytes(8);
        if (preamble.length < 8 || !Arrays.equals(Arrays.copyOf(preamble, MAGIC.length), MAGIC)) {
            throw new DataFormatException(
                    path, "not a .npy file: it does not start with \\x93NUMPY", SAVE);
        }
        int major = preamble[6] & 0xFF;
        if (major < 1 || major > 3 || preamble[7] != 0) {
            throw new DataFormatException(
                    path,
                    "is .npy version "
                            + major
                            + "."
                            + (preamble[7] & 0xFF)
                            + ", not 1.0, 2.0 or 3.0",
                    SAVE + " from a current NumPy");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] length = in.readNBytes(lengthBytes);
        if (length.length < lengthBytes) {
            throw new DataFormatException(path, "the file ends inside its preamble", RECOPY);
        }
        long headerBytes = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerBytes = headerBytes << 8 | (length[i] & 0xFF);
        }
        long dataStart = 8 + lengthBytes + headerBytes;
        if (headerBytes > MAX_HEADER_BYTES || dataStart > fileSize) {
            throw new DataFormatException(
                    path,
                    "the header is said to be "
                            + headerBytes
                            + " bytes long, more than "
                            + (headerBytes > MAX_HEADER_BYTES
                                    ? "the " + MAX_HEADER_BYTES + " bytes read"
                                    : "the file holds"),
                    RECOPY);
        }
        byte[] raw = in.readNBytes((int) headerBytes);
        NpyHeader header =
                NpyHeader.parse(
                        path,
                        new String(
                                raw,
                                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        if (header.fortranOrder()) {
            throw new DataFormatException(
                    path,
                    "is stored in Fortran (column-major) order",
                    "Save it in C order: numpy.save(path, numpy.ascontiguousarray(a))");
        }
        NpyArray.Dtype dtype = NpyArray.Dtype.of(header.descr());
        if (dtype == null) {
            throw new DataFormatException(
                    path,
                    "holds elements of type '" + header.descr() + "', which is not supported",
                    "Convert it to one of " + NpyArray.Dtype.names() + " with a.astype(...)");
        }
        long[] shape = header.shape();
        long elements = 1;
        for (long d : shape) {
            if (d > Integer.MAX_VALUE) {
                throw new DataFormatException(
                        path,
                        "the header declares a dimension of " + d + ", more than an int holds",
                        RECOPY);
            }
            // Capped so that it cannot overflow; exact while it stays within what an array holds.
            elements = Math.min(elements * d, IdxReader.MAX_DATA_BYTES + 1L);
        }
        long dataBytes = elements * dtype.byteSize();
        String declared = "the header declares " + Arrays.toString(shape) + " of " + dtype.descr();
        if (dataBytes > IdxReader.MAX_DATA_BYTES) {
            throw new DataFormatException(
                    path,
                    declared
                            + ", more than the "
                            + IdxReader.MAX_DATA_BYTES
                            + " bytes one Java"
                            + " array holds",
                    "Split the data into smaller files");
        }
        long available = fileSize - dataStart;
        if (available != dataBytes) {
            throw new DataFormatException(
                    path,
                    declared
                            + ", "
                            + dataBytes
                            + " data bytes, but "
                            + available
                            + " follow the header"
                            + (available < dataBytes ? ": it is truncated" : ""),
                    RECOPY);
        }
        byte[] data = in.readNBytes((int) dataBytes);
        if (data.length < dataBytes) {
            throw new DataFormatException(
                    path, declared + ", but the file ended early: it is truncated", RECOPY);
        }
        int[] dims = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        return new NpyArray(dtype, dims, data);
    }
}
