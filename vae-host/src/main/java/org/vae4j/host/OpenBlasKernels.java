package org.vae4j.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * OpenBLAS's kernels named for the processor's vector extensions. The OpenBLAS that ND4J and djl's
 * products load (0.3.19) picks kernels by the CPU models it knows: on a newer model it falls back
 * to generic kernels (4-6x slower, see {@code config/openblas-coretype.sh}), and it gives AMD's Zen
 * 4, which has AVX-512, its AVX2 "Zen" kernels, with which a row of a product gets different bits
 * at different positions in the matrix (in blocks of six rows, alternately), so a row scored beside
 * other rows (ExampleScorer) no longer scores the same in every set of rows. A backend calls {@link
 * #choose} before OpenBLAS loads: unless {@value #VARIABLE} is set, it sets it in the process to
 * {@code SkylakeX} where the flags show AVX-512 and to {@code Haswell} where they show AVX2 and
 * FMA, as {@code ./vae} does for its own process; OpenBLAS reads it when it loads. The first call
 * decides for the process; later calls say what it chose.
 */
public final class OpenBlasKernels {
    /** The variable through which OpenBLAS takes its kernels. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";

    /** The AVX-512 parts OpenBLAS's SkylakeX kernels use, as Linux names the CPU's flags. */
    static final List<String> AVX512 =
            List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    private static String chosen;

    private OpenBlasKernels() {}

    /**
     * Chooses the kernels once for this process ({@code setenv(name, value)} sets a variable in the
     * C library's environment and returns whether it did) and returns what OpenBLAS will use, for
     * {@code vae backends}.
     */
    public static synchronized String choose(BiPredicate<String, String> setenv) {
        if (chosen == null) {
            chosen = choose(System.getenv(), cpuinfo(), setenv);
        }
        return chosen;
    }

    /**
     * {@link #choose(BiPredicate)} with the environment and {@code /proc/cpuinfo} given (tests).
     */
    static String choose(
            Map<String, String> env, List<String> cpuinfo, BiPredicate<String, String> setenv) {
        String given = env.get(VARIABLE);
        if (given != null) {
            return given + " (" + VARIABLE + ")";
        }
        Set<String> flags = new HashSet<>(Arrays.asList(field(cpuinfo, "flags").split("\\s+")));
        String kernels =
                flags.containsAll(AVX512)
                        ? "SkylakeX"
                        : flags.containsAll(List.of("avx2", "fma")) ? "Haswell" : null;
        if (kernels == null) {
            return "OpenBLAS's choice for this CPU";
        }
        boolean set;
        try {
            set = setenv.test(VARIABLE, kernels);
        } catch (LinkageError | RuntimeException e) { // no native part to set the variable with
            set = false;
        }
        return set
                ? kernels
                        + ", chosen by vae4j for this CPU's flags (set "
                        + VARIABLE
                        + " to choose others)"
                : "OpenBLAS's choice for this CPU: "
                        + VARIABLE
                        + "="
                        + kernels
                        + " could not be set in the process (set it before starting Java)";
    }

    /** The value of the first line {@code name : value}, or "" if there is none. */
    private static String field(List<String> cpuinfo, String name) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) { // not Linux, or not readable
            return List.of();
        }
    }
}
