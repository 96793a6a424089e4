package org.vae4j.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one safetensors file: checks the header length against the file size and the limits, has
 * {@link SafetensorsHeader} validate the header, and only then allocates and reads the tensors.
 * Everything that goes wrong becomes a {@link CheckpointException}.
 */
final class SafetensorsReader {
    private final String source;
    private final Safetensors.Limits limits;

    /** Creates a reader whose messages start with {@code source} (a path or another name). */
    SafetensorsReader(String source, Safetensors.Limits limits) {
        this.source = source;
        this.limits = limits;
    }

    /** Reads a file. */
    TensorFile read(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(ch);
        } catch (IOException e) {
            throw new CheckpointException(
                    source + ": cannot read the file (" + e + "). Check the path and permissions",
                    e);
        }
    }

    /** Reads from a channel (a file, or bytes in memory), from its start to its size. */
    TensorFile read(SeekableByteChannel ch) throws IOException {
        long size = ch.size();
        if (size < Long.BYTES) {
            throw fail(
                    "the file has "
                            + size
                            + " bytes, fewer than the 8-byte header length that starts a"
                            + " safetensors file",
                    "It is truncated or not a safetensors file");
        }
        long headerLength = readFully(ch, 0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > size - Long.BYTES) {
            throw fail(
                    "the header length field says "
                            + Long.toUnsignedString(headerLength)
                            + " bytes, but only "
                            + (size - Long.BYTES)
                            + " bytes follow it",
                    "The file is truncated or not a safetensors file");
        }
        if (headerLength > limits.maxHeaderBytes()) {
            throw fail(
                    "the header is "
                            + headerLength
                            + " bytes, more than the limit of "
                            + limits.maxHeaderBytes(),
                    "Raise Safetensors.Limits.maxHeaderBytes if the file is trusted");
        }
        long dataStart = Long.BYTES + headerLength;
        long bufferLength = size - dataStart;
        if (bufferLength > limits.maxTotalBytes()) {
            throw fail(
                    "the tensor data is "
                            + bufferLength
                            + " bytes, more than the limit of "
                            + limits.maxTotalBytes(),
                    "Raise Safetensors.Limits.maxTotalBytes if the file is trusted");
        }
        ByteBuffer headerBytes = readFully(ch, Long.BYTES, (int) headerLength);
        SafetensorsHeader header = SafetensorsHeader.parse(source, headerBytes, bufferLength);

        Map<String, HostArray> tensors = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            ByteBuffer bytes = readFully(ch, dataStart + e.begin(), (int) (e.end() - e.begin()));
            tensors.put(e.name(), new HostArray(e.dtype(), e.shape(), bytes.array()));
        }
        return new TensorFile(tensors, header.metadata());
    }

    /** Reads exactly {@code length} bytes at {@code position}; the caller has checked the size. */
    private ByteBuffer readFully(SeekableByteChannel ch, long position, int length)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        ch.position(position);
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer);
            if (n < 0) {
                throw fail(
                        "the file ended at byte "
                                + (position + buffer.position())
                                + " while reading",
                        "It changed while being read; read it again");
            }
        }
        return buffer.flip();
    }

    private CheckpointException fail(String problem, String fix) {
        return SafetensorsHeader.fail(source, problem, fix);
    }
}
