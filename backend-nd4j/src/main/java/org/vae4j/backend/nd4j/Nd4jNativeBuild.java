package org.vae4j.backend.nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Which native build of ND4J runs: generic x86-64, AVX2 or AVX-512 (the classifier of the {@code
 * nd4j-native} jar), or CUDA.
 *
 * <p>Before loading, {@link #cpuMismatch()} checks the builds on the class path against the CPU's
 * flags: ND4J itself calls {@code System.exit} when its build needs instructions the CPU lacks.
 * After loading, ND4J's own binary level and the path JavaCPP loaded the library from tell the
 * build and the classifier.
 */
final class Nd4jNativeBuild {
    private static final String CPU_BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final String CPU_LIBRARY = "jnind4jcpu";
    private static final Path CPU_INFO = Paths.get("/proc/cpuinfo");

    /** The instruction-set builds, by classifier suffix, with the CPU flags each needs. */
    private enum Level {
        AVX512("-avx512", "AVX-512", "avx512f", "avx512bw", "avx512dq", "avx512vl"),
        AVX2("-avx2", "AVX2", "avx2");

        final String suffix;
        final String label;
        final List<String> flags;

        Level(String suffix, String label, String... flags) {
            this.suffix = suffix;
            this.label = label;
            this.flags = List.of(flags);
        }
    }

    private Nd4jNativeBuild() {}

    /**
     * Returns why this CPU cannot run an nd4j-native build on the class path, or null if it can (or
     * if the CPU's flags cannot be read). Loads no native code.
     */
    static String cpuMismatch() {
        ClassLoader loader = Nd4jNativeBuild.class.getClassLoader();
        return cpuMismatch(Loader.getPlatform(), r -> loader.getResource(r) != null, cpuFlags());
    }

    /**
     * Returns why a CPU with {@code cpuFlags} cannot run an nd4j-native build of {@code platform}
     * for which {@code onClassPath} finds the library, or null.
     */
    static String cpuMismatch(
            String platform, Predicate<String> onClassPath, Set<String> cpuFlags) {
        if (cpuFlags.isEmpty()) {
            return null;
        }
        for (Level level : Level.values()) {
            String classifier = platform + level.suffix;
            String library = CPU_BINDINGS + classifier + "/" + System.mapLibraryName(CPU_LIBRARY);
            if (onClassPath.test(library) && !cpuFlags.containsAll(level.flags)) {
                return "the nd4j-native build "
                        + classifier
                        + " on the class path needs "
                        + level.label
                        + ", which this CPU lacks (ND4J would exit the JVM); use the classifier "
                        + platform
                        + " instead (-Dnd4j.classifier="
                        + platform
                        + ")";
            }
        }
        return null;
    }

    /** Returns the CPU's feature flags from {@code /proc/cpuinfo}, or none if unreadable. */
    private static Set<String> cpuFlags() {
        try (Stream<String> lines = Files.lines(CPU_INFO)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                    .map(f -> Arrays.stream(f).collect(Collectors.toUnmodifiableSet()))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /** Returns the loaded build: {@code cuda}, or ND4J's binary level as a name. */
    static String loaded(boolean cuda) {
        return cuda
                ? "cuda"
                : levelName(NativeOpsHolder.getInstance().getDeviceNativeOps().binaryLevel());
    }

    /** Returns the best build for this CPU, by ND4J's own feature check. */
    static String bestForThisCpu() {
        return levelName(NativeOpsHolder.getInstance().getDeviceNativeOps().optimalLevel());
    }

    /** ND4J's levels: 3 is AVX-512, 2 is AVX2, lower is generic x86-64. */
    private static String levelName(int level) {
        return switch (level) {
            case 3 -> "avx512";
            case 2 -> "avx2";
            default -> "generic";
        };
    }

    /**
     * Returns the classifier of the jar the ND4J library was loaded from, for example {@code
     * linux-x86_64-avx2}: JavaCPP extracts it to a folder named after the classifier.
     */
    static String loadedClassifier() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().startsWith("jnind4j") && e.getValue() != null) {
                Path folder = Paths.get(e.getValue()).getParent();
                String name = folder == null ? "" : String.valueOf(folder.getFileName());
                if (name.startsWith(Loader.getPlatform())) {
                    return name;
                }
            }
        }
        return "unknown";
    }
}
