package org.vae4j.core.data;

/** The element types of the IDX format, identified by the third byte of the magic number. */
public enum IdxType {
    /** Unsigned byte, code {@code 0x08}: MNIST pixels and labels. */
    UNSIGNED_BYTE(0x08, 1),
    /** Signed byte, code {@code 0x09}. */
    SIGNED_BYTE(0x09, 1),
    /** Big-endian signed 16-bit integer, code {@code 0x0B}. */
    SHORT(0x0B, 2),
    /** Big-endian signed 32-bit integer, code {@code 0x0C}. */
    INT(0x0C, 4),
    /** Big-endian IEEE 754 single precision, code {@code 0x0D}. */
    FLOAT(0x0D, 4),
    /** Big-endian IEEE 754 double precision, code {@code 0x0E}. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int byteSize;

    IdxType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** Returns the type code as written in the file. */
    public int code() {
        return code;
    }

    /** Returns the number of bytes one element takes. */
    public int byteSize() {
        return byteSize;
    }

    /** Returns whether the elements are integers (and so can be read as labels). */
    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** Returns the type with the given code, or {@code null} if there is none. */
    static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
