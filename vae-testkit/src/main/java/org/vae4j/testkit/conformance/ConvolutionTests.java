package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.ops.CompositeOps;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.TensorOps;
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
 * The convolution and its transpose against the reference's direct loops: odd sizes, strides 1 to
 * 3, padding 0, 1 and 2, dilation, unequal height and width settings, output padding, batches of 1
 * and 128 (the MNIST layers' shapes); the kernel gradient of each; the composite defaults of {@link
 * TensorOps} on this backend; and the one-line errors for bad shapes and settings.
 */
public abstract class ConvolutionTests extends ScopedGroup {

    /** One convolution: input shape, kernel shape (in the op's own layout), geometry. */
    record Geometry(Shape x, Shape kernel, Conv2dSpec spec) {
        @Override
        public String toString() {
            return "x " + x + ", kernel " + kernel + ", " + spec;
        }
    }

    static final List<Geometry> CONVOLUTIONS =
            List.of(
                    new Geometry(Shape.of(2, 3, 7, 7), Shape.of(4, 3, 3, 3), Conv2dSpec.of(1, 0)),
                    new Geometry(Shape.of(1, 2, 9, 8), Shape.of(3, 2, 3, 3), Conv2dSpec.of(2, 1)),
                    new Geometry(Shape.of(3, 1, 6, 5), Shape.of(2, 1, 4, 4), Conv2dSpec.of(2, 2)),
                    new Geometry(Shape.of(2, 3, 11, 13), Shape.of(2, 3, 5, 5), Conv2dSpec.of(3, 2)),
                    new Geometry(
                            Shape.of(2, 2, 8, 7),
                            Shape.of(3, 2, 3, 3),
                            Conv2dSpec.of(1, 1).withDilation(2, 2)),
                    new Geometry(
                            Shape.of(1, 3, 5, 9),
                            Shape.of(2, 3, 2, 3),
                            new Conv2dSpec(2, 1, 0, 1, 1, 2, 0, 0)),
                    new Geometry(
                            Shape.of(128, 1, 28, 28), Shape.of(8, 1, 4, 4), Conv2dSpec.of(2, 1)),
                    new Geometry(
                            Shape.of(128, 8, 14, 14), Shape.of(16, 8, 4, 4), Conv2dSpec.of(2, 1)));

    static final List<Geometry> TRANSPOSED =
            List.of(
                    new Geometry(Shape.of(2, 3, 4, 4), Shape.of(3, 2, 3, 3), Conv2dSpec.of(1, 0)),
                    new Geometry(
                            Shape.of(2, 3, 4, 5),
                            Shape.of(3, 2, 3, 3),
                            Conv2dSpec.of(2, 1).withOutputPadding(1, 1)),
                    new Geometry(Shape.of(1, 2, 5, 4), Shape.of(2, 3, 4, 4), Conv2dSpec.of(2, 1)),
                    new Geometry(
                            Shape.of(2, 2, 3, 5),
                            Shape.of(2, 2, 3, 3),
                            Conv2dSpec.of(3, 0).withOutputPadding(2, 1)),
                    new Geometry(Shape.of(1, 1, 6, 5), Shape.of(1, 2, 5, 5), Conv2dSpec.of(1, 2)),
                    new Geometry(
                            Shape.of(2, 2, 4, 4),
                            Shape.of(2, 2, 3, 3),
                            Conv2dSpec.of(1, 2).withDilation(2, 2).withOutputPadding(1, 0)),
                    new Geometry(
                            Shape.of(1, 2, 3, 6),
                            Shape.of(2, 1, 2, 3),
                            new Conv2dSpec(2, 1, 0, 1, 1, 2, 1, 0)),
                    // strides above the kernel's size: some output rows and columns take no tap
                    new Geometry(
                            Shape.of(2, 2, 3, 4),
                            Shape.of(2, 3, 2, 1),
                            new Conv2dSpec(3, 2, 1, 0, 1, 1, 2, 1)),
                    new Geometry(
                            Shape.of(128, 16, 7, 7), Shape.of(16, 8, 4, 4), Conv2dSpec.of(2, 1)),
                    new Geometry(
                            Shape.of(128, 8, 14, 14), Shape.of(8, 1, 4, 4), Conv2dSpec.of(2, 1)));

    static Stream<Arguments> convolutions() {
        return withOp(Op.CONV2D, CONVOLUTIONS);
    }

    static Stream<Arguments> transposed() {
        return withOp(Op.CONV_TRANSPOSE2D, TRANSPOSED);
    }

    static Stream<Arguments> both() {
        return Stream.concat(convolutions(), transposed());
    }

    private static Stream<Arguments> withOp(Op op, List<Geometry> geometries) {
        List<Arguments> cases = new ArrayList<>();
        for (Geometry g : geometries) {
            cases.add(Arguments.of(op, g));
        }
        return Cases.withDTypes(cases);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("both")
    void matchesTheReference(Op op, Geometry g, DType dtype) {
        assumeDType(dtype);
        Twin[] in = inputs(op, g, dtype);
        Twin y =
                context()
                        .compute(
                                (ops, side) ->
                                        apply(
                                                ops,
                                                op,
                                                side.apply(in[0]),
                                                side.apply(in[1]),
                                                g.spec()));
        Expect.matches(y, Tolerance.accumulated(dtype), magnitudes(op, in, g.spec()));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("both")
    void theCompositeDefaultMatchesTheReference(Op op, Geometry g, DType dtype) {
        assumeDType(dtype);
        Twin[] in = inputs(op, g, dtype);
        Tensor tested =
                op == Op.CONV2D
                        ? CompositeOps.conv2d(backend(), in[0].tested(), in[1].tested(), g.spec())
                        : CompositeOps.convTranspose2d(
                                backend(), in[0].tested(), in[1].tested(), g.spec());
        Tensor expected = apply(reference(), op, in[0].reference(), in[1].reference(), g.spec());
        Expect.matches(
                new Twin(tested, expected),
                Tolerance.accumulated(dtype),
                magnitudes(op, in, g.spec()));
    }

    /**
     * The kernel gradient of every convolution above (input and output gradient) and of every
     * transposed one (its output gradient as the input, its input as the gradient).
     */
    static Stream<Arguments> kernelGradients() {
        return both();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("kernelGradients")
    void theKernelGradientMatchesTheReference(Op op, Geometry g, DType dtype) {
        assumeDType(dtype);
        KernelGradientCase c = kernelGradientCase(op, g, dtype);
        Twin y =
                context()
                        .compute(
                                (ops, side) ->
                                        c.apply(ops, side.apply(c.input), side.apply(c.grad)));
        Expect.matches(y, Tolerance.accumulated(dtype), c.magnitudes(reference()));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("kernelGradients")
    void theCompositeKernelGradientMatchesTheReference(Op op, Geometry g, DType dtype) {
        assumeDType(dtype);
        KernelGradientCase c = kernelGradientCase(op, g, dtype);
        Tensor tested =
                CompositeOps.conv2dKernelGradient(
                        backend(), c.input.tested(), c.grad.tested(), c.spec, c.kh, c.kw);
        Tensor expected = c.apply(reference(), c.input.reference(), c.grad.reference());
        Expect.matches(
                new Twin(tested, expected),
                Tolerance.accumulated(dtype),
                c.magnitudes(reference()));
    }

    @Test
    void aKernelGradientSumsEachOffsetsProductsOverTheBatch() {
        // Two images of one 1x3 row; a 1x2 kernel at stride 1: offsets read x[0..1] and x[1..2].
        Tensor x = backend().fromFloats(new float[] {1, 2, 3, 10, 20, 30}, Shape.of(2, 1, 1, 3));
        Tensor g = backend().fromFloats(new float[] {1, -1, 0.5f, 2}, Shape.of(2, 1, 1, 2));
        Tensor k = backend().conv2dKernelGradient(x, g, Conv2dSpec.DEFAULT, 1, 2);
        // offset 0: 1*1 - 1*2 + 0.5*10 + 2*20 = 44; offset 1: 1*2 - 1*3 + 0.5*20 + 2*30 = 69
        Expect.values(k, Shape.of(1, 1, 1, 2), 44, 69);
    }

    /** One kernel gradient: its input, its gradient, the spec and the window. */
    private record KernelGradientCase(Twin input, Twin grad, Conv2dSpec spec, int kh, int kw) {
        Tensor apply(TensorOps ops, Tensor in, Tensor gradient) {
            return ops.conv2dKernelGradient(in, gradient, spec, kh, kw);
        }

        Tensor magnitudes(TensorOps ref) {
            return apply(
                    ref, ref.unary(Op.ABS, input.reference()), ref.unary(Op.ABS, grad.reference()));
        }
    }

    private KernelGradientCase kernelGradientCase(Op op, Geometry g, DType dtype) {
        Rng rng = SuiteContext.rng(op, "kernel gradient " + g, dtype);
        Shape x = g.x();
        Shape k = g.kernel();
        Conv2dSpec spec = g.spec();
        int kh = k.dim(2);
        int kw = k.dim(3);
        Shape input;
        Shape grad;
        if (op == Op.CONV2D) {
            input = x;
            grad =
                    Shape.of(
                            x.dim(0),
                            k.dim(0),
                            spec.convOutput(0, x.dim(2), kh),
                            spec.convOutput(1, x.dim(3), kw));
        } else {
            input =
                    Shape.of(
                            x.dim(0),
                            k.dim(1),
                            spec.transposedOutput(0, x.dim(2), kh),
                            spec.transposedOutput(1, x.dim(3), kw));
            grad = x;
        }
        return new KernelGradientCase(
                context().random(rng, Domain.GENERAL, input, dtype),
                context().random(rng, Domain.GENERAL, grad, dtype),
                spec.withOutputPadding(0, 0),
                kh,
                kw);
    }

    @Test
    void aOneByOneKernelIsAProductOverChannels() {
        Tensor x =
                backend()
                        .fromFloats(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, Shape.of(1, 2, 2, 2));
        Tensor k = backend().fromFloats(new float[] {1, -1, 2, 0.5f}, Shape.of(2, 2, 1, 1));
        Tensor y = backend().conv2d(x, k, Conv2dSpec.DEFAULT);
        Expect.values(y, Shape.of(1, 2, 2, 2), -9, -18, -27, -36, 7, 14, 21, 28);
    }

    @Test
    void aTransposedStrideTwoPlacesTheKernelAtEveryOtherPixel() {
        Tensor x = backend().fromFloats(new float[] {1, 2}, Shape.of(1, 1, 1, 2));
        Tensor k = backend().fromFloats(new float[] {1, 10}, Shape.of(1, 1, 1, 2));
        Tensor y = backend().convTranspose2d(x, k, Conv2dSpec.of(2, 0).withOutputPadding(0, 1));
        Expect.values(y, Shape.of(1, 1, 1, 5), 1, 10, 2, 20, 0);
    }

    @Test
    void badShapesAndSettingsAreOneLine() {
        Tensor x = backend().zeros(Shape.of(2, 3, 5, 5), DType.FLOAT32);
        Tensor k = backend().zeros(Shape.of(4, 3, 3, 3), DType.FLOAT32);
        Tensor flat = backend().zeros(Shape.of(2, 75), DType.FLOAT32);
        Tensor wrongChannels = backend().zeros(Shape.of(4, 2, 3, 3), DType.FLOAT32);
        Tensor big = backend().zeros(Shape.of(4, 3, 9, 9), DType.FLOAT32);
        expectError(() -> backend().conv2d(flat, k, Conv2dSpec.DEFAULT), "CONV2D", "rank 4");
        expectError(
                () -> backend().conv2d(x, wrongChannels, Conv2dSpec.DEFAULT),
                "3 channels",
                "expects 2");
        expectError(() -> backend().conv2d(x, big, Conv2dSpec.DEFAULT), "too small");
        expectError(
                () -> backend().conv2d(x, k, Conv2dSpec.of(2, 1).withOutputPadding(1, 1)),
                "output padding is for the transposed");
        expectError(
                () ->
                        backend()
                                .convTranspose2d(
                                        backend().zeros(Shape.of(2, 4, 5, 5), DType.FLOAT32),
                                        k,
                                        Conv2dSpec.of(2, 1).withOutputPadding(2, 0)),
                "CONV_TRANSPOSE2D",
                "smaller than the stride");
        expectError(
                () ->
                        backend()
                                .conv2dKernelGradient(
                                        x,
                                        backend().zeros(Shape.of(2, 4, 4, 3), DType.FLOAT32),
                                        Conv2dSpec.DEFAULT,
                                        3,
                                        3),
                "conv2dKernelGradient",
                "reaches past the 3 output positions");
        expectError(
                () -> backend().conv2dKernelGradient(x, flat, Conv2dSpec.DEFAULT, 3, 3),
                "conv2dKernelGradient",
                "same n");
        assertThatThrownBy(() -> Conv2dSpec.of(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static void expectError(Runnable call, String... parts) {
        assertThatThrownBy(call::run)
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(parts).doesNotContain("\n"));
    }

    private Twin[] inputs(Op op, Geometry g, DType dtype) {
        Rng rng = SuiteContext.rng(op, g.toString(), dtype);
        return new Twin[] {
            context().random(rng, Domain.GENERAL, g.x(), dtype),
            context().random(rng, Domain.GENERAL, g.kernel(), dtype)
        };
    }

    private static Tensor apply(TensorOps ops, Op op, Tensor x, Tensor k, Conv2dSpec spec) {
        return op == Op.CONV2D ? ops.conv2d(x, k, spec) : ops.convTranspose2d(x, k, spec);
    }

    /** The same op on the inputs' magnitudes: the scale of each output's rounding. */
    private Tensor magnitudes(Op op, Twin[] in, Conv2dSpec spec) {
        TensorOps ref = reference();
        return apply(
                ref,
                op,
                ref.unary(Op.ABS, in[0].reference()),
                ref.unary(Op.ABS, in[1].reference()),
                spec);
    }
}
