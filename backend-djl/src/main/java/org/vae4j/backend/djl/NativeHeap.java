package org.vae4j.backend.djl;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import java.util.function.Supplier;

/**
 * glibc's malloc settings for libtorch's tensors. By default glibc serves large blocks from fresh
 * mappings and hands freed memory back to the kernel, so every step's tensors fault in new zeroed
 * pages: a conv model's step faulted in about 15 MB of them. {@link #retain} keeps freed memory in
 * the process instead (blocks up to 32 MB from the heap, no trimming below 2 GB free, the heap
 * grown 256 MB at a time), so the next step reuses it. Only on Linux with glibc; {@code
 * -Dvae4j.malloc.retain=false}, or any of glibc's own {@code MALLOC_MMAP_THRESHOLD_}, {@code
 * MALLOC_TRIM_THRESHOLD_} and {@code MALLOC_TOP_PAD_} variables, leave malloc as it is.
 */
final class NativeHeap {
    /** The system property that turns the settings off ({@code false}). */
    static final String PROPERTY = "vae4j.malloc.retain";

    /** glibc's variables for the same settings: a user who set one chose for the process. */
    static final List<String> ENVIRONMENT =
            List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_");

    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    /** glibc's largest mmap threshold on 64-bit machines. */
    private static final int MMAP_THRESHOLD = 32 << 20;

    private static final int TRIM_THRESHOLD = Integer.MAX_VALUE;
    private static final int TOP_PAD = 256 << 20;

    private NativeHeap() {}

    /** Applies the settings to this process unless told not to; returns what it did, in words. */
    static String retain() {
        return retain(
                System.getProperty(PROPERTY),
                System.getenv(),
                System.getProperty("os.name", "unknown"),
                NativeHeap::glibcMallopt);
    }

    /**
     * {@link #retain()} with the property's value, the environment, the OS and {@code
     * mallopt(param, value)} given (tests).
     */
    static String retain(
            String property,
            Map<String, String> env,
            String os,
            Supplier<IntBinaryOperator> mallopt) {
        if ("false".equalsIgnoreCase(property)) {
            return "as glibc sets it (-D" + PROPERTY + "=false)";
        }
        for (String name : ENVIRONMENT) {
            if (env.containsKey(name)) {
                return "as the environment sets it (" + name + ")";
            }
        }
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "the platform's own (not Linux)";
        }
        try {
            IntBinaryOperator call = mallopt.get();
            boolean ok =
                    call.applyAsInt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                            & call.applyAsInt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                            & call.applyAsInt(M_TOP_PAD, TOP_PAD) == 1;
            return ok
                    ? "freed memory kept: mmap threshold 32 MB, trim threshold 2 GB, top pad 256 MB"
                            + " (-D"
                            + PROPERTY
                            + "=false to leave it)"
                    : "unchanged: this C library refused mallopt (not glibc?)";
        } catch (LinkageError | RuntimeException e) { // no JNA native part, or no mallopt
            return "unchanged: mallopt is not reachable (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** glibc's {@code int mallopt(int param, int value)}, which returns 1 on success. */
    static IntBinaryOperator glibcMallopt() {
        Function f = NativeLibrary.getInstance("c").getFunction("mallopt");
        return (parameter, value) -> f.invokeInt(new Object[] {parameter, value});
    }
}
