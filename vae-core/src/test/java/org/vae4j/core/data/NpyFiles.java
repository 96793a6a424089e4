package org.vae4j.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Builds {@code .npy} file contents for tests, as numpy.save writes them. */
final class NpyFiles {
    private NpyFiles() {}

    /** Returns a version 1.0 file of {@code descr} and {@code shape} holding {@code data}. */
    static byte[] npy(String descr, int[] shape, byte[] data) {
        String dims =
                Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) {
            dims += ",";
        }
        return npy(
                1,
                "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }",
                data);
    }

    /** Returns a file of the given version and header text, padded as NumPy pads it. */
    static byte[] npy(int major, String header, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + header.length() + 1;
        String padded = header + " ".repeat((64 - total % 64) % 64) + "\n";
        byte[] h = padded.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b =
                ByteBuffer.allocate(prefix + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    /** Returns floats as little-endian bytes. */
    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** Returns longs as little-endian bytes. */
    static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return b.array();
    }
}
