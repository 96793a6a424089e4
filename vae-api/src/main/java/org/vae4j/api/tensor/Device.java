package org.vae4j.api.tensor;

import java.util.Locale;

/**
 * Where a backend keeps its tensors: the CPU, or one CUDA GPU by index.
 *
 * <pre>{@code
 * Device.parse("cuda:1");   // Device[CUDA, 1]
 * Device.CPU.toString();    // "cpu"
 * }</pre>
 *
 * @param type the kind of device
 * @param index the device number; always 0 for the CPU
 */
public record Device(Type type, int index) {

    /** The kinds of device a backend may run on. */
    public enum Type {
        /** The host processor. */
        CPU,
        /** An NVIDIA GPU through CUDA. */
        CUDA
    }

    /** The host CPU. */
    public static final Device CPU = new Device(Type.CPU, 0);

    /** Validates the index. */
    public Device {
        if (type == null) {
            throw new IllegalArgumentException("Device type must not be null");
        }
        if (index < 0 || (type == Type.CPU && index != 0)) {
            throw new IllegalArgumentException(
                    "Invalid device index "
                            + index
                            + " for "
                            + type
                            + "; use cpu or cuda:N, N >= 0");
        }
    }

    /** Returns the CUDA device with the given index. */
    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    /**
     * Parses {@code cpu}, {@code cuda} (meaning {@code cuda:0}) or {@code cuda:N}, ignoring case.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                int index = Integer.parseInt(t.substring(5));
                if (index >= 0) {
                    return cuda(index);
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException(
                "Unknown device '" + text + "'; use cpu, cuda or cuda:N (for example cuda:0)");
    }

    /** Returns the parseable name: {@code cpu} or {@code cuda:N}. */
    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
