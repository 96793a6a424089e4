package org.vae4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;

/**
 * Both float32 implementations, whatever the JVM chose: each op within a few ulp of the reference
 * over special values and a sweep, in chunks whose lengths leave partial vectors; the vectorised
 * one giving a value the same bits wherever it sits; and the choice (property, module,
 * architecture). The tests of this module run with {@code jdk.incubator.vector}, so the vectorised
 * one is tested wherever the CPU has it.
 */
final class Nd4jFloatFunctionsTest {
    private static final Op[] OPS = {
        Op.EXP, Op.LOG, Op.LOG1P, Op.SQRT, Op.TANH, Op.SIGMOID, Op.SOFTPLUS
    };

    private static List<Nd4jFloatFunctions> implementations() {
        List<Nd4jFloatFunctions> all = new ArrayList<>();
        all.add(new Nd4jPortableFunctions("tested"));
        Nd4jFloatFunctions vector = Nd4jFloatFunctions.select(null, true, "amd64");
        if (vector instanceof Nd4jVectorFunctions) {
            all.add(vector);
        }
        return all;
    }

    @Test
    void eachImplementationIsWithinAFewUlpOfTheReference() {
        int n = 9001;
        double[] v = Nd4jHostElementwiseTest.transcendentalInputs(n);
        for (Nd4jFloatFunctions f : implementations()) {
            for (Op op : OPS) {
                for (int chunk : new int[] {Nd4jHostKernels.CHUNK, 4093, 17, 1}) {
                    float[] x = new float[chunk];
                    for (int from = 0; from < n; from += chunk) {
                        int len = Math.min(chunk, n - from);
                        for (int i = 0; i < len; i++) {
                            x[i] = (float) v[from + i];
                        }
                        f.apply(op, x, len);
                        for (int i = 0; i < len; i++) {
                            float in = (float) v[from + i];
                            double want = (float) Nd4jHostElementwiseTest.reference(op, in);
                            assertThat(Nd4jHostElementwiseTest.close(true, x[i], want))
                                    .as(
                                            "%s %s(%s) = %s, reference %s",
                                            f.describe(), op, in, x[i], want)
                                    .isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void theVectorisedFunctionsGiveThePortableOnesBits() {
        Nd4jFloatFunctions vector = Nd4jFloatFunctions.select(null, true, "amd64");
        assumeTrue(vector instanceof Nd4jVectorFunctions, vector.describe());
        Nd4jFloatFunctions portable = new Nd4jPortableFunctions("tested");
        int n = 9001;
        double[] v = Nd4jHostElementwiseTest.transcendentalInputs(n);
        double[] u = Rng.seeded(5).uniforms(4096);
        for (Op op : OPS) {
            // the sweep, then values spread over every binade, subnormals included
            float[] a = new float[n + 4096];
            for (int i = 0; i < a.length; i++) {
                a[i] =
                        i < n
                                ? (float) v[i]
                                : Float.intBitsToFloat((int) ((u[i - n] - 0.5) * 0x1p32));
            }
            for (int from = 0; from < a.length; from += Nd4jHostKernels.CHUNK) {
                int len = Math.min(Nd4jHostKernels.CHUNK, a.length - from);
                float[] x = Arrays.copyOfRange(a, from, from + len);
                float[] y = x.clone();
                vector.apply(op, x, len);
                portable.apply(op, y, len);
                for (int i = 0; i < len; i++) {
                    // every NaN alike: which NaN payload survives is not specified
                    assertThat(Float.floatToIntBits(x[i]))
                            .as("%s(%s): vector %s, portable %s", op, a[from + i], x[i], y[i])
                            .isEqualTo(Float.floatToIntBits(y[i]));
                }
            }
        }
    }

    @Test
    void theVectorisedFunctionsGiveAValueTheSameBitsWhereverItSits() {
        Nd4jFloatFunctions f = Nd4jFloatFunctions.select(null, true, "amd64");
        assumeTrue(f instanceof Nd4jVectorFunctions, f.describe());
        float[] values = {0.3f, -7.25f, 1e-3f, 42f, -0.1f};
        for (Op op : OPS) {
            for (float v : values) {
                float value = op == Op.LOG || op == Op.SQRT ? Math.abs(v) : v;
                float[] one = {value};
                f.apply(op, one, 1);
                for (int at = 0; at < 40; at++) {
                    float[] x = new float[at + 1 + at % 5];
                    Arrays.fill(x, 0.5f);
                    x[at] = value;
                    f.apply(op, x, x.length);
                    assertThat(Float.floatToRawIntBits(x[at]))
                            .as("%s(%s) at %d of %d", op, value, at, x.length)
                            .isEqualTo(Float.floatToRawIntBits(one[0]));
                }
            }
        }
    }

    @Test
    void theChoiceFollowsThePropertyTheModuleAndTheArchitecture() {
        assertThat(Nd4jFloatFunctions.select("false", true, "amd64"))
                .isInstanceOf(Nd4jPortableFunctions.class);
        assertThat(Nd4jFloatFunctions.select("false", true, "amd64").describe())
                .contains("-Dvae4j.vector=false");
        assertThat(Nd4jFloatFunctions.select(null, false, "amd64").describe())
                .contains("--add-modules jdk.incubator.vector");
        assertThat(Nd4jFloatFunctions.select(null, true, "aarch64"))
                .isInstanceOf(Nd4jPortableFunctions.class);
        Nd4jFloatFunctions here = Nd4jFloatFunctions.select(null, true, "amd64");
        assertThat(Nd4jFloatFunctions.chosen().getClass()).isEqualTo(here.getClass());
    }
}
