package org.vae4j.api.tensor;

import java.util.Locale;

/** The element type of a tensor. Training runs in float32; gradient checks run in float64. */
public enum DType {
    /** IEEE 754 single precision, 4 bytes. */
    FLOAT32(4),
    /** IEEE 754 double precision, 8 bytes. */
    FLOAT64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Returns the number of bytes one element takes. */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Parses {@code float32}/{@code f32}/{@code float} or {@code float64}/{@code f64}/{@code
     * double}, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static DType parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "float32", "f32", "float":
                return FLOAT32;
            case "float64", "f64", "double":
                return FLOAT64;
            default:
                throw new IllegalArgumentException(
                        "Unknown dtype '" + text + "'; use float32 or float64");
        }
    }

    /** Returns the lower-case name, {@code float32} or {@code float64}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
