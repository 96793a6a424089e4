package org.vae4j.backend.nd4j;

import org.vae4j.api.ops.Op;

/**
 * The float32 functions of the host loops that are not one IEEE operation (EXP, LOG, LOG1P, SQRT,
 * TANH, SIGMOID, SOFTPLUS), on a chunk of values in place. Two implementations, chosen once per
 * process the way Lucene chooses its vector code: {@link Nd4jVectorFunctions} on the JDK's Vector
 * API, where the JVM was started with {@code --add-modules jdk.incubator.vector} on an x86-64 CPU
 * with 256-bit vectors or wider, and {@link Nd4jPortableFunctions} otherwise, or with {@code
 * -Dvae4j.vector=false}.
 */
interface Nd4jFloatFunctions {
    /** The system property that turns the Vector API off ({@code false}). */
    String PROPERTY = "vae4j.vector";

    /** Replaces {@code x[0, n)} by {@code op(x)}; {@code n <= Nd4jHostKernels.CHUNK}. */
    void apply(Op op, float[] x, int n);

    /** Says which implementation this is and why, for {@code Backend.info()}. */
    String describe();

    /** Returns the implementation this process uses. */
    static Nd4jFloatFunctions chosen() {
        return Chosen.INSTANCE;
    }

    /** Returns the Vector API's implementation where it can run here, else the portable one. */
    static Nd4jFloatFunctions select(String property, boolean modulePresent, String arch) {
        if ("false".equalsIgnoreCase(property)) {
            return new Nd4jPortableFunctions("-D" + PROPERTY + "=false");
        }
        if (!modulePresent) {
            return new Nd4jPortableFunctions(
                    "jdk.incubator.vector not loaded; start Java with --add-modules"
                            + " jdk.incubator.vector for the vectorised functions");
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return new Nd4jPortableFunctions("the Vector API's functions are vectorised on x86-64");
        }
        try {
            return (Nd4jFloatFunctions)
                    Class.forName(
                                    Nd4jFloatFunctions.class.getPackageName()
                                            + ".Nd4jVectorFunctions")
                            .getDeclaredConstructor()
                            .newInstance();
        } catch (ReflectiveOperationException | LinkageError | IllegalStateException e) {
            return new Nd4jPortableFunctions("Vector API unusable here: " + e.getMessage());
        }
    }

    /** The process's choice, made on first use. */
    final class Chosen {
        static final Nd4jFloatFunctions INSTANCE =
                select(
                        System.getProperty(PROPERTY),
                        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                        System.getProperty("os.arch", ""));

        private Chosen() {}
    }
}
