package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vae4j.api.ops.Op;
import org.vae4j.api.ops.Product;
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
 * Matrix products with every combination of transpose flags, degenerate sizes (1, and an inner size
 * of 0 that gives zeros), one MNIST-sized product, and the fused {@code linear} layer.
 */
public abstract class MatmulTests extends ScopedGroup {
    /** {@code m, k, n} of {@code [m, k] @ [k, n]}. */
    private static final int[][] SIZES = {
        {3, 4, 5}, {1, 1, 1}, {5, 1, 3}, {1, 7, 1}, {2, 0, 3}, {0, 3, 2}, {17, 33, 9}
    };

    static Stream<Arguments> products() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : SIZES) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    cases.add(Arguments.of(s[0], s[1], s[2], ta, tb));
                }
            }
        }
        return Cases.withDTypes(cases);
    }

    static Stream<Arguments> layers() {
        List<Arguments> cases = new ArrayList<>();
        for (int batch : new int[] {1, 5, 0}) {
            for (boolean bias : new boolean[] {true, false}) {
                cases.add(Arguments.of(batch, bias));
            }
        }
        return Cases.withDTypes(cases);
    }

    @ParameterizedTest(name = "[{0}, {1}] @ [{1}, {2}] transposeA={3} transposeB={4} {5}")
    @MethodSource("products")
    void matmulMatchesReference(int m, int k, int n, boolean ta, boolean tb, DType dtype) {
        assumeDType(dtype);
        checkProduct(
                ta ? Shape.of(k, m) : Shape.of(m, k),
                tb ? Shape.of(n, k) : Shape.of(k, n),
                ta,
                tb,
                dtype);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void mnistSizedProduct(DType dtype) {
        assumeDType(dtype);
        checkProduct(Shape.of(128, 784), Shape.of(400, 784), false, true, dtype);
    }

    private void checkProduct(Shape sa, Shape sb, boolean ta, boolean tb, DType dtype) {
        Rng rng = SuiteContext.rng(Op.MATMUL, sa, sb, ta, tb, dtype);
        Twin a = context().random(rng, Domain.GENERAL, sa, dtype);
        Twin b = context().random(rng, Domain.GENERAL, sb, dtype);
        Twin y = context().compute((ops, in) -> ops.matmul(in.apply(a), in.apply(b), ta, tb));
        checkAgainstReference(y, a, b, ta, tb);
    }

    private void checkAgainstReference(Twin y, Twin a, Twin b, boolean ta, boolean tb) {
        Tensor scale =
                reference()
                        .matmul(
                                reference().unary(Op.ABS, a.reference()),
                                reference().unary(Op.ABS, b.reference()),
                                ta,
                                tb);
        Expect.matches(y, Tolerance.accumulated(y.tested().dtype()), scale);
    }

    /**
     * Products taken together: each as {@code matmul} computes it, whether all have work (which a
     * backend may run side by side) or one has an inner size of 0.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void productsTogetherMatchEachAlone(DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng("matmuls", dtype);
        Twin g = context().random(rng, Domain.GENERAL, Shape.of(12, 9), dtype);
        Twin w = context().random(rng, Domain.GENERAL, Shape.of(9, 7), dtype);
        Twin x = context().random(rng, Domain.GENERAL, Shape.of(12, 7), dtype);
        Twin e = context().random(rng, Domain.GENERAL, Shape.of(3, 0), dtype);
        // a linear layer's two gradients, and a third product of other sizes
        Twin[][] operands = {{g, w}, {g, x}, {w, x}};
        boolean[][] flags = {{false, false}, {true, false}, {false, true}};
        for (int i = 0; i < operands.length; i++) {
            int k = i;
            Twin y =
                    context()
                            .compute(
                                    (ops, in) -> {
                                        List<Product> all = new ArrayList<>();
                                        for (int j = 0; j < operands.length; j++) {
                                            all.add(
                                                    new Product(
                                                            in.apply(operands[j][0]),
                                                            in.apply(operands[j][1]),
                                                            flags[j][0],
                                                            flags[j][1]));
                                        }
                                        return ops.matmuls(all)[k];
                                    });
            checkAgainstReference(y, operands[i][0], operands[i][1], flags[i][0], flags[i][1]);
        }
        Tensor[] withEmpty =
                backend()
                        .matmuls(
                                List.of(
                                        new Product(g.tested(), w.tested(), false, false),
                                        new Product(e.tested(), e.tested(), false, true)));
        Expect.values(withEmpty[1], Shape.of(3, 3), 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Tensor alone = reference().matmul(g.reference(), w.reference(), false, false);
        checkAgainstReference(new Twin(withEmpty[0], alone), g, w, false, false);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void emptyInnerSizeGivesZeros(DType dtype) {
        assumeDType(dtype);
        Tensor a = backend().zeros(Shape.of(2, 0), dtype);
        Tensor b = backend().zeros(Shape.of(0, 3), dtype);
        Expect.values(backend().matmul(a, b, false, false), Shape.of(2, 3), 0, 0, 0, 0, 0, 0);
        Expect.values(backend().matmul(b, a, true, true), Shape.of(3, 2), 0, 0, 0, 0, 0, 0);
    }

    @ParameterizedTest(name = "batch {0} bias={1} {2}")
    @MethodSource("layers")
    void linearMatchesMatmulPlusBias(int batch, boolean withBias, DType dtype) {
        assumeDType(dtype);
        Rng rng = SuiteContext.rng("linear", batch, withBias, dtype);
        Twin x = context().random(rng, Domain.GENERAL, Shape.of(batch, 6), dtype);
        Twin w = context().random(rng, Domain.GENERAL, Shape.of(4, 6), dtype);
        Twin b = withBias ? context().random(rng, Domain.GENERAL, Shape.of(4), dtype) : null;
        Tensor tested = backend().linear(x.tested(), w.tested(), withBias ? b.tested() : null);
        Tensor product = reference().matmul(x.reference(), w.reference(), false, true);
        Tensor scale =
                reference()
                        .matmul(
                                reference().unary(Op.ABS, x.reference()),
                                reference().unary(Op.ABS, w.reference()),
                                false,
                                true);
        if (withBias) {
            product = reference().binary(Op.ADD, product, b.reference());
            scale = reference().binary(Op.ADD, scale, reference().unary(Op.ABS, b.reference()));
        }
        assertThat(tested.shape()).isEqualTo(Shape.of(batch, 4));
        Expect.matches(new Twin(tested, product), Tolerance.accumulated(dtype), scale);
    }
}
