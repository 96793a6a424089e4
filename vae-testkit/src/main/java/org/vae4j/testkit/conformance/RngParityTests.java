package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.testkit.fixtures.Expect;

/**
 * Random tensors are the {@link Rng}'s Java draws handed over as data, so one seed gives the same
 * numbers, bit for bit, on every backend: float64 exactly, float32 rounded once.
 */
public abstract class RngParityTests extends ScopedGroup {
    private static final long SEED = 42;

    static Stream<Arguments> shapes() {
        return Cases.withDTypes(Cases.SHAPES.stream().map(Arguments::of).toList());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapes")
    void normalDrawsAreTheJavaDraws(Shape shape, DType dtype) {
        assumeDType(dtype);
        Tensor drawn = Rng.seeded(SEED).normal(backend(), shape, dtype);
        Expect.values(drawn, shape, rounded(Rng.seeded(SEED).normals(shape.sizeAsInt()), dtype));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapes")
    void uniformDrawsAreTheJavaDraws(Shape shape, DType dtype) {
        assumeDType(dtype);
        Tensor drawn = Rng.seeded(SEED).uniform(backend(), shape, dtype);
        Rng expected = Rng.seeded(SEED);
        int n = shape.sizeAsInt();
        Expect.values(
                drawn,
                shape,
                dtype == DType.FLOAT32 ? widened(expected.uniformFloats(n)) : expected.uniforms(n));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void consecutiveDrawsContinueTheStream(DType dtype) {
        assumeDType(dtype);
        Rng onBackend = Rng.seeded(SEED).fork(7);
        Rng inJava = Rng.seeded(SEED).fork(7);
        for (Shape shape : List.of(Shape.of(3), Shape.of(2, 2), Shape.scalar(), Shape.of(0))) {
            Tensor drawn = onBackend.normal(backend(), shape, dtype);
            Expect.values(drawn, shape, rounded(inJava.normals(shape.sizeAsInt()), dtype));
        }
        assertThat(onBackend.state()).isEqualTo(inJava.state());
    }

    /** Returns the draws as a tensor of the dtype holds them: rounded to float for float32. */
    private static double[] rounded(double[] draws, DType dtype) {
        if (dtype == DType.FLOAT32) {
            for (int i = 0; i < draws.length; i++) {
                draws[i] = (float) draws[i];
            }
        }
        return draws;
    }

    private static double[] widened(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
