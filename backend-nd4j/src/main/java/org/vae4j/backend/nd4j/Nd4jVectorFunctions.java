package org.vae4j.backend.nd4j;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.vae4j.api.ops.Op;

/**
 * The float32 functions of {@link Nd4jFloatFunctions} on the JDK's Vector API, whose EXP, LOG,
 * LOG1P and TANH the JIT compiles to the JDK's vectorised math routines on x86-64 (within 1 ulp of
 * the exact values): several times faster than {@link Nd4jPortableFunctions}. Every element goes
 * through the same vector code, the last partial vector under a mask, so a value's result does not
 * depend on where in a chunk it sits. SIGMOID and SOFTPLUS are composed as the portable ones are,
 * {@code 1 / (1 + e)} or {@code e / (1 + e)} and {@code max(x, 0) + log1p(e)} with {@code e =
 * e^-|x|}. Loaded only where {@code jdk.incubator.vector} is.
 */
final class Nd4jVectorFunctions implements Nd4jFloatFunctions {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    /**
     * Refuses species narrower than 256 bits, where the JDK has no vectorised math routines.
     *
     * @throws IllegalStateException on such a CPU
     */
    Nd4jVectorFunctions() {
        if (S.vectorBitSize() < 256) {
            throw new IllegalStateException(S.vectorBitSize() + "-bit vectors only");
        }
    }

    @Override
    public String describe() {
        return "Vector API, " + S.vectorBitSize() + "-bit";
    }

    /**
     * Dispatches to one loop per op: the JIT compiles a vector operation to machine code only where
     * its operator is a constant in the loop (a loop taking the operator as an argument ran 50-100
     * times slower) and keeps the vectors in registers only where the loop is small.
     */
    @Override
    public void apply(Op op, float[] x, int n) {
        switch (op) {
            case EXP -> exp(x, n);
            case LOG -> log(x, n);
            case LOG1P -> log1p(x, n);
            case SQRT -> sqrt(x, n);
            case TANH -> tanh(x, n);
            case SIGMOID -> sigmoid(x, n);
            case SOFTPLUS -> softplus(x, n);
            default -> throw new IllegalArgumentException(op + " is not computed here");
        }
    }

    private static void exp(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).lanewise(VectorOperators.EXP).intoArray(x, i, m);
        }
    }

    private static void log(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.LOG).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).lanewise(VectorOperators.LOG).intoArray(x, i, m);
        }
    }

    private static void log1p(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.LOG1P).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).lanewise(VectorOperators.LOG1P).intoArray(x, i, m);
        }
    }

    private static void sqrt(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.SQRT).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).lanewise(VectorOperators.SQRT).intoArray(x, i, m);
        }
    }

    private static void tanh(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, m).lanewise(VectorOperators.TANH).intoArray(x, i, m);
        }
    }

    private static void sigmoid(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            sigmoid(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sigmoid(FloatVector.fromArray(S, x, i, m)).intoArray(x, i, m);
        }
    }

    private static FloatVector sigmoid(FloatVector v) {
        FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
        FloatVector r = ONE.div(e.add(1f));
        return e.mul(r).blend(r, v.compare(VectorOperators.GE, 0f));
    }

    private static void softplus(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            softplus(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            softplus(FloatVector.fromArray(S, x, i, m)).intoArray(x, i, m);
        }
    }

    private static FloatVector softplus(FloatVector v) {
        FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
        return e.lanewise(VectorOperators.LOG1P).add(v.max(0f));
    }
}
