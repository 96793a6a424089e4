package org.vae4j.backend.nd4j;

import static org.vae4j.backend.nd4j.Nd4jFloatMath.EXP_HIGH;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.EXP_LOW;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.LN2_HI;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.LN2_LO;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.LOG2E;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.MANTISSA;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.ONE_BITS;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.ROUNDER;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.ROUNDER_BITS;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.SQRT2;
import static org.vae4j.backend.nd4j.Nd4jFloatMath.SUBNORMAL_SCALE;
import static org.vae4j.backend.nd4j.Nd4jPortableFunctions.C2;
import static org.vae4j.backend.nd4j.Nd4jPortableFunctions.C4;
import static org.vae4j.backend.nd4j.Nd4jPortableFunctions.C6;
import static org.vae4j.backend.nd4j.Nd4jPortableFunctions.TANH_CLAMP;
import static org.vae4j.backend.nd4j.Nd4jPortableFunctions.TANH_SERIES_LIMIT;
import static org.vae4j.backend.nd4j.Nd4jPortableFunctions.TANH_STEEP;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.vae4j.api.ops.Op;

/**
 * The float32 functions of {@link Nd4jFloatFunctions} on the JDK's Vector API: {@link
 * Nd4jPortableFunctions}' arithmetic, operation for operation, in vectors, with the moves between a
 * float and its bits that plain Java cannot vectorise done by reinterpreting lanes. So both give
 * the same bits, and so do this class's compiled and interpreted forms (the Vector API's own EXP,
 * LOG and TANH differ by an ulp between the two, which made results depend on when the JIT had
 * compiled a loop). Each op has its own loop, so that the JIT keeps its vectors in registers, and
 * the last partial vector is computed padded with zeros by the same code.
 */
final class Nd4jVectorFunctions implements Nd4jFloatFunctions {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final ThreadLocal<float[]> TAIL =
            ThreadLocal.withInitial(() -> new float[S.length()]);

    /**
     * Refuses species narrower than 256 bits, where a vector holds too few floats to pay.
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

    /** Returns this thread's vector-sized array holding {@code x[i, n)}, then zeros. */
    private static float[] tail(float[] x, int i, int n) {
        float[] t = TAIL.get();
        Arrays.fill(t, 0f);
        System.arraycopy(x, i, t, 0, n - i);
        return t;
    }

    private static void exp(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            exp(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        if (i < n) {
            float[] t = tail(x, i, n);
            exp(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
            System.arraycopy(t, 0, x, i, n - i);
        }
    }

    private static void log(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            log(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        if (i < n) {
            float[] t = tail(x, i, n);
            log(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
            System.arraycopy(t, 0, x, i, n - i);
        }
    }

    private static void log1p(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            log1p(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        if (i < n) {
            float[] t = tail(x, i, n);
            log1p(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
            System.arraycopy(t, 0, x, i, n - i);
        }
    }

    private static void sqrt(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.SQRT).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] = (float) Math.sqrt(x[i]); // one IEEE rounding, as the vector's
        }
    }

    private static void tanh(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            tanh(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        if (i < n) {
            float[] t = tail(x, i, n);
            tanh(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
            System.arraycopy(t, 0, x, i, n - i);
        }
    }

    private static void sigmoid(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            sigmoid(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        if (i < n) {
            float[] t = tail(x, i, n);
            sigmoid(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
            System.arraycopy(t, 0, x, i, n - i);
        }
    }

    private static void softplus(float[] x, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            softplus(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        if (i < n) {
            float[] t = tail(x, i, n);
            softplus(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
            System.arraycopy(t, 0, x, i, n - i);
        }
    }

    /** {@link Nd4jFloatMath#exp}: {@code 2^n} times a polynomial, 2^n applied in two halves. */
    private static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(EXP_LOW).min(EXP_HIGH);
        FloatVector big = v.mul(LOG2E).add(ROUNDER);
        FloatVector n = big.sub(ROUNDER);
        FloatVector r = v.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = FloatVector.broadcast(S, 1f / 5040);
        p = p.mul(r).add(1f / 720);
        p = p.mul(r).add(1f / 120);
        p = p.mul(r).add(1f / 24);
        p = p.mul(r).add(1f / 6);
        p = p.mul(r).add(0.5f);
        p = p.mul(r).add(1f);
        p = p.mul(r).add(1f);
        IntVector k = (IntVector) big.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector halfK = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector half =
                (FloatVector)
                        halfK.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector rest =
                (FloatVector)
                        k.sub(halfK)
                                .add(127)
                                .lanewise(VectorOperators.LSHL, 23)
                                .reinterpretAsFloats();
        return p.mul(half).mul(rest);
    }

    /** {@link Nd4jFloatMath#log}: the exponent, and the mantissa's series in atanh. */
    private static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector scaled = x.blend(x.mul(SUBNORMAL_SCALE), subnormal);
        IntVector bits = (IntVector) scaled.reinterpretAsInts();
        IntVector shift = IntVector.zero(I).blend(25, subnormal.cast(I));
        IntVector exponentBits =
                bits.lanewise(VectorOperators.LSHR, 23).and(0xFF).sub(127).sub(shift);
        FloatVector exponent = (FloatVector) exponentBits.convert(VectorOperators.I2F, 0);
        FloatVector mant = (FloatVector) bits.and(MANTISSA).or(ONE_BITS).reinterpretAsFloats();
        FloatVector up = FloatVector.zero(S).blend(1f, mant.compare(VectorOperators.GT, SQRT2));
        mant = mant.mul(up.mul(0.5f).neg().add(1f));
        FloatVector e = exponent.add(up);
        FloatVector t = mant.sub(1f).div(mant.add(1f));
        FloatVector t2 = t.mul(t);
        FloatVector series =
                t2.mul(1f / 9).add(1f / 7).mul(t2).add(1f / 5).mul(t2).add(1f / 3).mul(t2).add(1f);
        FloatVector r = e.mul(LN2_HI).add(e.mul(LN2_LO).add(t.mul(2f).mul(series)));
        r = r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        r = r.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not());
        return r.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** {@code log(u) - ((u - 1) - x) / u}, {@code u = 1 + x}, the correction 0 where NaN. */
    private static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector c = u.sub(1f).sub(x).div(u);
        c = c.blend(0f, c.test(VectorOperators.IS_NAN));
        return log(u).sub(c);
    }

    /** The clamped {@code (1 - E) / (1 + E)}, and below the limit the series, by a 0/1 weight. */
    private static FloatVector tanh(FloatVector x) {
        FloatVector c = x.max(-TANH_CLAMP).min(TANH_CLAMP);
        FloatVector e = exp(c.mul(-2f));
        FloatVector v2 = c.mul(c);
        FloatVector series = v2.mul(C6).add(C4).mul(v2).sub(C2).mul(v2).add(1f).mul(c);
        FloatVector w = x.abs().sub(TANH_SERIES_LIMIT).mul(TANH_STEEP).max(0f).min(1f);
        FloatVector exact = e.neg().add(1f).div(e.add(1f));
        return w.mul(exact).add(w.neg().add(1f).mul(series));
    }

    /** {@code 1 / (1 + e)} for {@code x >= 0}, else {@code e / (1 + e)}, {@code e = e^-|x|}. */
    private static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector r = FloatVector.broadcast(S, 1f).div(e.add(1f));
        return e.mul(r).blend(r, x.compare(VectorOperators.GE, 0f));
    }

    /**
     * {@code log(1 + e) - ((v - 1) - e) / v + max(x, 0)}, {@code e = e^-|x|}, {@code v = 1 + e}.
     */
    private static FloatVector softplus(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector v = e.add(1f);
        FloatVector u = log(v);
        return u.sub(v.sub(1f).sub(e).div(v)).add(x.max(0f));
    }
}
