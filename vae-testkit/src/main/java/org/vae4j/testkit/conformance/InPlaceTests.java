package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.AdamStep;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.testkit.fixtures.Domain;
import org.vae4j.testkit.fixtures.Expect;
import org.vae4j.testkit.fixtures.SuiteContext;
import org.vae4j.testkit.fixtures.Tolerance;
import org.vae4j.testkit.fixtures.Twin;

/**
 * The in-place ops of {@link Capability#TRAINING}: {@code assign} writes its target and nothing
 * else (no result of an earlier op may share the target's storage), and {@code adamUpdate} (fused
 * or composite) matches the reference's composite step over several steps.
 */
public abstract class InPlaceTests extends ScopedGroup {
    private static final Shape SHAPE = Shape.of(3, 4);

    static Stream<Arguments> adamCases() {
        List<Arguments> cases = new ArrayList<>();
        for (double weightDecay : new double[] {0, 0.01}) {
            cases.add(Arguments.of(weightDecay));
        }
        return Cases.withDTypes(cases);
    }

    /**
     * Skips unless the backend trains in {@code dtype}; returns two draws of {@link #SHAPE}'s
     * values from the stream of {@code name}: the values before a write and after it.
     */
    private double[][] writeCase(String name, DType dtype) {
        assumeCapability(Capability.TRAINING);
        assumeDType(dtype);
        Rng rng = SuiteContext.rng(name, dtype);
        return new double[][] {
            SuiteContext.values(rng, Domain.GENERAL, SHAPE, dtype),
            SuiteContext.values(rng, Domain.GENERAL, SHAPE, dtype)
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void assignWritesOnlyTheTarget(DType dtype) {
        double[][] draws = writeCase("assign", dtype);
        double[] before = draws[0];
        double[] after = draws[1];
        Tensor target = SuiteContext.tensor(backend(), before, SHAPE, dtype);
        Tensor value = SuiteContext.tensor(backend(), after, SHAPE, dtype);
        Tensor twin = SuiteContext.tensor(backend(), before, SHAPE, dtype);
        List<Tensor> derived =
                List.of(
                        backend().reshape(target, Shape.of(12)),
                        backend().permute(target, 0, 1),
                        backend().slice(target, 0, 0, 3),
                        backend().broadcastTo(target, SHAPE),
                        backend().cast(target, dtype),
                        backend().take(target, new int[] {0, 1, 2}),
                        backend().concat(List.of(target), 0),
                        backend().reduce(Op.SUM, target, new int[0], false));
        backend().assign(target, value);
        Expect.values(target, SHAPE, after);
        Expect.values(value, SHAPE, after);
        Expect.values(twin, SHAPE, before);
        for (Tensor d : derived) {
            Expect.values(d, d.shape(), before);
        }
        backend().assign(value, twin);
        Expect.values(target, SHAPE, after);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void writingAReshapeOrTheTensorItCameFromLeavesTheOtherAsItWas(DType dtype) {
        double[][] draws = writeCase("reshape writes", dtype);
        double[] before = draws[0];
        double[] after = draws[1];
        Tensor source = SuiteContext.tensor(backend(), before, SHAPE, dtype);
        Tensor flat = backend().reshape(source, Shape.of(12));
        Tensor again = backend().reshape(flat, SHAPE);
        backend().assign(flat, SuiteContext.tensor(backend(), after, Shape.of(12), dtype));
        Expect.values(flat, Shape.of(12), after);
        Expect.values(source, SHAPE, before);
        Expect.values(again, SHAPE, before);
        flat.close();
        backend().assign(again, SuiteContext.tensor(backend(), after, SHAPE, dtype));
        Expect.values(source, SHAPE, before);
        Expect.values(again, SHAPE, after);

        Tensor param = SuiteContext.tensor(backend(), before, SHAPE, dtype);
        Tensor m = backend().zeros(SHAPE, dtype);
        Tensor v = backend().zeros(SHAPE, dtype);
        List<Tensor> views =
                List.of(
                        backend().reshape(param, Shape.of(12)),
                        backend().reshape(m, Shape.of(2, 6)),
                        backend().reshape(v, Shape.of(12, 1)));
        Tensor grad = SuiteContext.tensor(backend(), after, SHAPE, dtype);
        backend().adamUpdate(param, grad, m, v, new AdamStep(0.1, 0.9, 0.999, 1e-8, 0, 1));
        Expect.values(views.get(0), Shape.of(12), before);
        Expect.values(views.get(1), Shape.of(2, 6), new double[12]);
        Expect.values(views.get(2), Shape.of(12, 1), new double[12]);
        assertThat(param.toDoubles()).isNotEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void writingAnExpressionThatIsOneOfItsInputsLeavesTheInputAsItWas(DType dtype) {
        double[][] draws = writeCase("expression writes", dtype);
        double[] before = draws[0];
        double[] after = draws[1];
        Elementwise.Builder b = Elementwise.builder(2);
        Elementwise second = b.build(b.input(1));
        Tensor row = SuiteContext.tensor(backend(), new double[] {1, 2, 3, 4}, Shape.of(4), dtype);
        Tensor source = SuiteContext.tensor(backend(), before, SHAPE, dtype);
        Tensor same = backend().elementwise(second, row, source);
        backend().assign(same, SuiteContext.tensor(backend(), after, SHAPE, dtype));
        Expect.values(same, SHAPE, after);
        Expect.values(source, SHAPE, before);
        Tensor again = backend().elementwise(second, row, source);
        backend().assign(source, SuiteContext.tensor(backend(), after, SHAPE, dtype));
        Expect.values(again, SHAPE, before);
        again.close();
        Expect.values(source, SHAPE, after);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void assignWorksOnScalarsAndEmptyTensors(DType dtype) {
        assumeCapability(Capability.TRAINING);
        assumeDType(dtype);
        Tensor scalar = backend().scalar(1, dtype);
        backend().assign(scalar, backend().scalar(-4, dtype));
        Expect.values(scalar, Shape.scalar(), -4);
        Tensor empty = backend().zeros(Shape.of(0, 3), dtype);
        backend().assign(empty, backend().full(Shape.of(0, 3), 7, dtype));
        Expect.values(empty, Shape.of(0, 3));
    }

    @ParameterizedTest(name = "weightDecay={0} {1}")
    @MethodSource("adamCases")
    void adamMatchesTheCompositeStepOverThreeSteps(double weightDecay, DType dtype) {
        assumeCapability(Capability.TRAINING);
        assumeDType(dtype);
        Rng rng = SuiteContext.rng("adam", weightDecay, dtype);
        Twin param = context().random(rng, Domain.GENERAL, SHAPE, dtype);
        Twin m = context().twin(new double[SHAPE.sizeAsInt()], SHAPE, dtype);
        Twin v = context().twin(new double[SHAPE.sizeAsInt()], SHAPE, dtype);
        for (long step = 1; step <= 3; step++) {
            AdamStep hyper = new AdamStep(0.01, 0.9, 0.999, 1e-8, weightDecay, step);
            Twin grad = context().random(rng, Domain.GENERAL, SHAPE, dtype);
            backend().adamUpdate(param.tested(), grad.tested(), m.tested(), v.tested(), hyper);
            reference()
                    .adamUpdate(
                            param.reference(),
                            grad.reference(),
                            m.reference(),
                            v.reference(),
                            hyper);
            Expect.matches(m, Tolerance.elementwise(dtype));
            Expect.matches(v, Tolerance.elementwise(dtype));
            Expect.matches(param, Tolerance.elementwise(dtype));
        }
    }

    @Test
    void inPlaceOpsAreRefusedWithoutTheCapability() {
        assumeLacks(Capability.TRAINING);
        Tensor x = backend().zeros(SHAPE, DType.FLOAT32);
        Tensor y = backend().zeros(SHAPE, DType.FLOAT32);
        AdamStep step = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0, 1);
        assertThatThrownBy(() -> backend().assign(x, y))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("TRAINING");
        assertThatThrownBy(() -> backend().adamUpdate(x, y, x, y, step))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
