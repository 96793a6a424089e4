package org.vae4j.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST: a big-endian magic number {@code 0x0000TTRR} (type code
 * {@code TT}, rank {@code RR}), {@code RR} big-endian int32 dimensions, then the elements
 * row-major. A file that starts with the gzip magic bytes {@code 1f 8b} is decompressed on the fly,
 * whatever its name.
 *
 * <p>Nothing in a header is trusted: ranks 1 to 4 and the six IDX type codes are accepted, the
 * dimension product is checked for overflow, and the data size is compared with the file before
 * anything is allocated (for gzip, with the most that deflate can expand the file to, and the
 * buffer grows as data actually arrives). Data is limited to what one Java array holds, {@value
 * #MAX_DATA_BYTES} bytes. Every failure is a {@link DataFormatException} with a one-line message.
 *
 * <pre>{@code
 * IdxArray images = IdxReader.read(Path.of("data/mnist/train-images-idx3-ubyte.gz"));
 * images.dims();   // [60000, 28, 28]
 * }</pre>
 */
public final class IdxReader {
    /** The most data bytes one file may hold: the largest Java array. */
    public static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    /** Deflate emits at most 258 bytes per 2 bits of input, so output is at most 1032x input. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private static final int IO_BUFFER = 1 << 16;
    private static final String RECOPY = "Re-copy or re-download the file";

    private IdxReader() {}

    private record Header(IdxType type, int[] dims, int dataBytes, int headerBytes) {
        String describe() {
            return Arrays.toString(dims) + " " + type.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads one IDX file, plain or gzipped.
     *
     * @throws DataFormatException if the file is missing, unreadable or not a well-formed IDX file
     */
    public static IdxArray read(Path path) {
        if (Files.isDirectory(path)) {
            throw new DataFormatException(
                    path, "is a folder, not an IDX file", "Pass the path of an IDX file");
        }
        if (!Files.isRegularFile(path)) {
            throw new DataFormatException(
                    path, "no such file", "Check the path; IDX files may be plain or gzipped");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), IO_BUFFER)) {
            long fileSize = Files.size(path);
            if (fileSize == 0) {
                throw new DataFormatException(path, "the file is empty", RECOPY);
            }
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            return gzip ? readGzip(path, fileSize, in) : readPlain(path, fileSize, in);
        } catch (IOException e) {
            throw new DataFormatException(
                    path,
                    "cannot be read (" + e + ")",
                    "Check that the file exists and is readable",
                    e);
        }
    }

    private static IdxArray readPlain(Path path, long fileSize, InputStream in) throws IOException {
        Header h = header(path, in, "the file");
        long expected = (long) h.headerBytes + h.dataBytes;
        if (fileSize < expected) {
            throw truncated(path, h, fileSize - h.headerBytes, "the file");
        }
        if (fileSize > expected) {
            throw new DataFormatException(
                    path,
                    (fileSize - expected)
                            + " bytes of trailing data follow the "
                            + h.dataBytes
                            + " data bytes that the header declares ("
                            + h.describe()
                            + ")",
                    "Check that the header matches the data, or "
                            + RECOPY.toLowerCase(Locale.ROOT));
        }
        byte[] data = new byte[h.dataBytes];
        int got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw truncated(path, h, got, "the file");
        }
        return new IdxArray(h.type, h.dims, data);
    }

    private static IdxArray readGzip(Path path, long fileSize, InputStream raw) throws IOException {
        String where = "the decompressed content";
        try (InputStream in = new GZIPInputStream(raw, IO_BUFFER)) {
            Header h = header(path, in, where);
            if (h.dataBytes > fileSize * MAX_DEFLATE_RATIO) {
                throw new DataFormatException(
                        path,
                        "the header declares "
                                + h.describe()
                                + ", "
                                + h.dataBytes
                                + " bytes, more than a gzip file of "
                                + fileSize
                                + " bytes can hold",
                        "The header is damaged or the file cut short; "
                                + RECOPY.toLowerCase(Locale.ROOT));
            }
            // Grow as data arrives, so a lying header costs no more memory than the data it has.
            int initial = (int) Math.min(h.dataBytes, Math.max(1 << 20, fileSize * 8));
            byte[] data = new byte[initial];
            int filled = 0;
            while (filled < h.dataBytes) {
                if (filled == data.length) {
                    data = Arrays.copyOf(data, (int) Math.min(h.dataBytes, 2L * data.length));
                }
                int n = in.read(data, filled, data.length - filled);
                if (n < 0) {
                    throw truncated(path, h, filled, where);
                }
                filled += n;
            }
            if (in.read() >= 0) { // also makes GZIPInputStream check the CRC in the trailer
                throw new DataFormatException(
                        path,
                        where
                                + " goes on after the "
                                + h.dataBytes
                                + " data bytes that the header declares ("
                                + h.describe()
                                + ")",
                        "Check that the header matches the data, or "
                                + RECOPY.toLowerCase(Locale.ROOT));
            }
            return new IdxArray(h.type, h.dims, data);
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(
                    path,
                    "the gzip data is corrupt or cut short (" + e.getMessage() + ")",
                    RECOPY + "; `gzip -t` checks a gzip file",
                    e);
        }
    }

    private static Header header(Path path, InputStream in, String where) throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4) {
            throw new DataFormatException(
                    path,
                    where + " is " + got + " bytes long, shorter than the 4-byte IDX magic number",
                    RECOPY);
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataFormatException(
                    path,
                    String.format(
                            "not an IDX file: it starts with 0x%02X%02X%02X%02X, but an IDX magic"
                                    + " number starts with two zero bytes",
                            magic[0], magic[1], magic[2], magic[3]),
                    "Pass an IDX file such as train-images-idx3-ubyte, plain or gzipped");
        }
        IdxType type = IdxType.ofCode(magic[2] & 0xFF);
        if (type == null) {
            throw new DataFormatException(
                    path,
                    String.format("unknown IDX type code 0x%02X", magic[2] & 0xFF),
                    "IDX type codes are 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short),"
                            + " 0x0C (int), 0x0D (float) and 0x0E (double); check that the file is"
                            + " IDX and undamaged");
        }
        int rank = magic[3] & 0xFF;
        if (rank < 1 || rank > 4) {
            throw new DataFormatException(
                    path,
                    "the header declares rank " + rank + ", but only ranks 1 to 4 are supported",
                    "Check that the file is IDX and undamaged");
        }
        byte[] raw = new byte[4 * rank];
        got = in.readNBytes(raw, 0, raw.length);
        if (got < raw.length) {
            throw new DataFormatException(
                    path,
                    where
                            + " ends inside the header, after "
                            + (4 + got)
                            + " of "
                            + (4 + raw.length)
                            + " bytes",
                    RECOPY);
        }
        int[] dims = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] =
                    ((raw[4 * i] & 0xFF) << 24)
                            | ((raw[4 * i + 1] & 0xFF) << 16)
                            | ((raw[4 * i + 2] & 0xFF) << 8)
                            | (raw[4 * i + 3] & 0xFF);
            if (dims[i] < 0) {
                throw new DataFormatException(
                        path,
                        "dimension " + i + " is negative (" + dims[i] + ")",
                        "Check that the file is IDX and undamaged");
            }
            // Capped so that it cannot overflow; exact while it stays within what an array holds.
            elements = Math.min(elements * dims[i], MAX_DATA_BYTES + 1L);
        }
        long bytes = elements * type.byteSize();
        if (bytes > MAX_DATA_BYTES) {
            throw new DataFormatException(
                    path,
                    "the header declares "
                            + Arrays.toString(dims)
                            + " elements of "
                            + type.byteSize()
                            + " bytes, more than the "
                            + MAX_DATA_BYTES
                            + " bytes one Java array holds",
                    "Check that the file is undamaged, or split the data into several files");
        }
        return new Header(type, dims, (int) bytes, 4 + 4 * rank);
    }

    private static DataFormatException truncated(Path path, Header h, long got, String where) {
        return new DataFormatException(
                path,
                where
                        + " is truncated: the header declares "
                        + h.describe()
                        + ", "
                        + h.dataBytes
                        + " data bytes, but only "
                        + got
                        + " follow the header",
                RECOPY + "; it was probably cut short");
    }
}
