package org.vae4j.backend.djl;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * How libtorch's OpenMP threads wait for work: set to {@code PASSIVE} in the process environment
 * before libtorch loads (its bundled libgomp reads {@code OMP_WAIT_POLICY} when it loads). By
 * default they spin between parallel regions, and on the conv model the convolutions' spinning
 * worker competed with vae4j's own workers, which cut djl's products ({@link DjlBlas}). A value the
 * user set, or {@code -Dvae4j.djl.omp.passive=false}, is left alone.
 */
final class OpenMpWait {
    /** The system property that leaves the policy alone ({@code false}). */
    static final String PROPERTY = "vae4j.djl.omp.passive";

    static final String VARIABLE = "OMP_WAIT_POLICY";

    private OpenMpWait() {}

    /** Sets the policy in this process unless told not to; returns what it did, in words. */
    static String makePassive() {
        return makePassive(System.getProperty(PROPERTY), System.getenv(), OpenMpWait::setenv);
    }

    /**
     * {@link #makePassive()} with the property's value, the environment and {@code setenv(name,
     * value)} given (tests); {@code setenv} returns whether it succeeded.
     */
    static String makePassive(
            String property,
            Map<String, String> env,
            Supplier<BiPredicate<String, String>> setenv) {
        if ("false".equalsIgnoreCase(property)) {
            return "libgomp's default (-D" + PROPERTY + "=false)";
        }
        if (env.containsKey(VARIABLE)) {
            return env.get(VARIABLE) + " (" + VARIABLE + " as the environment sets it)";
        }
        try {
            return setenv.get().test(VARIABLE, "PASSIVE")
                    ? "PASSIVE (set by vae4j before libtorch loaded; -D" + PROPERTY + "=false)"
                    : "libgomp's default: setenv failed";
        } catch (LinkageError | RuntimeException e) { // no JNA native part, or no setenv
            return "libgomp's default: setenv is not reachable ("
                    + e.getClass().getSimpleName()
                    + ")";
        }
    }

    /** The C library's {@code int setenv(name, value, overwrite)}, which returns 0 on success. */
    static BiPredicate<String, String> setenv() {
        Function f = NativeLibrary.getInstance("c").getFunction("setenv");
        return (name, value) -> f.invokeInt(new Object[] {name, value, 0}) == 0;
    }
}
