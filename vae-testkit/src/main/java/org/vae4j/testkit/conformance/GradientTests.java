package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.vae4j.api.Backend;
import org.vae4j.api.Capability;
import org.vae4j.api.ops.Conv2dSpec;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;
import org.vae4j.core.autograd.BackwardRules;
import org.vae4j.core.autograd.Fused;
import org.vae4j.core.autograd.GradCheck;
import org.vae4j.core.autograd.Variable;
import org.vae4j.core.model.ConvVaeConfig;
import org.vae4j.core.model.MlpVaeConfig;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Activation;
import org.vae4j.core.nn.BatchNorm1d;
import org.vae4j.core.nn.BatchNorm2d;
import org.vae4j.core.nn.Init;
import org.vae4j.core.objectives.Elbo;
import org.vae4j.core.objectives.IwaeBound;
import org.vae4j.testkit.fixtures.Domain;
import org.vae4j.testkit.fixtures.SuiteContext;

/**
 * vae-core's backward rules on this backend, in float64, against central finite differences: every
 * differentiable op (with broadcasting where it applies), the composites built from them, and whole
 * ELBO and IWAE objectives of a small MLP VAE and a small convolutional VAE with respect to their
 * parameters.
 */
public abstract class GradientTests extends ScopedGroup {
    private static final double ATOL = 1e-6;
    private static final double RTOL = 1e-5;

    /** One function of fresh inputs, the op it exercises, and its inputs' shapes and domains. */
    record Case(
            Op op,
            String label,
            List<Shape> shapes,
            List<Domain> domains,
            Function<List<Variable>, Variable> f) {
        @Override
        public String toString() {
            return op + " " + label;
        }
    }

    private static Case unary(Op op, Function<Variable, Variable> f) {
        // Inputs stay where finite differences are accurate; the tails are checked on values.
        Domain domain = Domain.ofUnary(op) == Domain.WIDE ? Domain.GENERAL : Domain.ofUnary(op);
        return new Case(
                op, "[2, 3]", List.of(Shape.of(2, 3)), List.of(domain), in -> f.apply(in.get(0)));
    }

    private static Case binary(
            Op op,
            Shape a,
            Shape b,
            Domain da,
            Domain db,
            java.util.function.BinaryOperator<Variable> f) {
        return new Case(
                op,
                a + " " + b,
                List.of(a, b),
                List.of(da, db),
                in -> f.apply(in.get(0), in.get(1)));
    }

    private static Case single(Op op, String label, Shape shape, Function<Variable, Variable> f) {
        return new Case(
                op, label, List.of(shape), List.of(Domain.GENERAL), in -> f.apply(in.get(0)));
    }

    static final List<Case> CASES = cases();

    private static List<Case> cases() {
        Shape m = Shape.of(2, 3);
        Shape cube = Shape.of(2, 3, 4);
        Domain g = Domain.GENERAL;
        List<Case> c = new ArrayList<>();
        c.add(unary(Op.NEG, Variable::neg));
        c.add(unary(Op.EXP, Variable::exp));
        c.add(unary(Op.LOG, Variable::log));
        c.add(unary(Op.LOG1P, Variable::log1p));
        c.add(unary(Op.SQRT, Variable::sqrt));
        c.add(unary(Op.SQUARE, Variable::square));
        c.add(unary(Op.ABS, Variable::abs));
        c.add(unary(Op.TANH, Variable::tanh));
        c.add(unary(Op.SIGMOID, Variable::sigmoid));
        c.add(unary(Op.RELU, Variable::relu));
        c.add(unary(Op.SOFTPLUS, Variable::softplus));
        c.add(binary(Op.ADD, m, m, g, g, Variable::add));
        c.add(binary(Op.ADD, m, Shape.of(3), g, g, Variable::add));
        c.add(binary(Op.SUB, Shape.of(2, 1), Shape.of(1, 3), g, g, Variable::sub));
        c.add(binary(Op.MUL, m, Shape.scalar(), g, g, Variable::mul));
        c.add(binary(Op.MUL, Shape.of(4), cube, g, g, Variable::mul));
        c.add(binary(Op.DIV, m, Shape.of(2, 1), g, Domain.NONZERO, Variable::div));
        c.add(binary(Op.DIV, Shape.of(3), m, g, Domain.NONZERO, Variable::div));
        c.add(binary(Op.MAXIMUM, m, m, g, g, Variable::maximum));
        c.add(binary(Op.MAXIMUM, m, Shape.of(3), g, g, Variable::maximum));
        c.add(binary(Op.POW, m, m, Domain.POSITIVE, Domain.EXPONENT, Variable::pow));
        c.add(binary(Op.POW, m, Shape.of(1, 3), Domain.POSITIVE, Domain.EXPONENT, Variable::pow));
        c.add(
                new Case(
                        Op.WHERE,
                        "[2, 3] [3] with a fixed condition",
                        List.of(m, Shape.of(3)),
                        List.of(g, g),
                        in -> {
                            Backend b = in.get(0).backend();
                            Variable cond =
                                    Variable.constant(
                                            b.fromDoubles(new double[] {1, 0, 1, 0, 0, 1}, m));
                            return Variable.where(cond, in.get(0), in.get(1));
                        }));
        c.add(single(Op.SUM, "[2, 3, 4] axis 1", cube, x -> x.sum(1)));
        c.add(
                single(
                        Op.SUM,
                        "[2, 3, 4] axes 0, 2 keepDims",
                        cube,
                        x -> x.sum(new int[] {0, 2}, true)));
        c.add(single(Op.SUM, "[2, 3, 4] all", cube, Variable::sumAll));
        c.add(single(Op.MAX, "[2, 3, 4] axis 1", cube, x -> x.max(new int[] {1}, false)));
        c.add(
                single(
                        Op.MAX,
                        "[2, 3, 4] axes -1, 0 keepDims",
                        cube,
                        x -> x.max(new int[] {-1, 0}, true)));
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Shape a = ta ? Shape.of(4, 3) : Shape.of(3, 4);
                Shape b = tb ? Shape.of(2, 4) : Shape.of(4, 2);
                c.add(
                        new Case(
                                Op.MATMUL,
                                a + (ta ? "^T" : "") + " @ " + b + (tb ? "^T" : ""),
                                List.of(a, b),
                                List.of(g, g),
                                in -> in.get(0).matmul(in.get(1), ta, tb)));
            }
        }
        addConvolutions(c);
        c.add(single(Op.RESHAPE, "[2, 3, 4] to [6, 4]", cube, x -> x.reshape(6, 4).square()));
        c.add(single(Op.PERMUTE, "[2, 3, 4] by (2, 0, 1)", cube, x -> x.permute(2, 0, 1).square()));
        c.add(
                single(
                        Op.BROADCAST_TO,
                        "[3, 1] to [2, 3, 4]",
                        Shape.of(3, 1),
                        x -> x.broadcastTo(cube).square()));
        c.add(
                new Case(
                        Op.CONCAT,
                        "[2, 3] and [2, 2] on axis 1",
                        List.of(m, Shape.of(2, 2)),
                        List.of(g, g),
                        in -> Variable.concat(List.of(in.get(0), in.get(1)), 1).square()));
        c.add(
                single(
                        Op.SLICE,
                        "[2, 3, 4] axis 1 from 1 to 3",
                        cube,
                        x -> x.slice(1, 1, 3).square()));
        c.add(
                single(
                        Op.TAKE,
                        "[4, 3] rows 2, 0, 2",
                        Shape.of(4, 3),
                        x -> x.take(new int[] {2, 0, 2}).square()));
        c.add(single(Op.CAST, "float64 to float64", m, x -> x.cast(DType.FLOAT64).square()));
        return List.copyOf(c);
    }

    /**
     * Both convolutions with odd sizes, strides 1 to 3, padding 0 to 2, dilation, output padding
     * (one reaching past the stride, allowed by the dilation), and batches of 1 and 128.
     */
    private static void addConvolutions(List<Case> c) {
        conv(c, Op.CONV2D, Shape.of(2, 3, 5, 5), Shape.of(4, 3, 3, 3), Conv2dSpec.of(1, 0));
        conv(c, Op.CONV2D, Shape.of(1, 2, 7, 6), Shape.of(3, 2, 3, 3), Conv2dSpec.of(2, 1));
        conv(c, Op.CONV2D, Shape.of(1, 1, 6, 7), Shape.of(2, 1, 4, 4), Conv2dSpec.of(2, 2));
        conv(c, Op.CONV2D, Shape.of(1, 2, 9, 7), Shape.of(2, 2, 3, 2), Conv2dSpec.of(3, 0));
        conv(
                c,
                Op.CONV2D,
                Shape.of(1, 2, 7, 7),
                Shape.of(2, 2, 3, 3),
                Conv2dSpec.of(1, 1).withDilation(2, 1));
        conv(c, Op.CONV2D, Shape.of(128, 1, 5, 5), Shape.of(2, 1, 3, 3), Conv2dSpec.of(2, 1));
        conv(
                c,
                Op.CONV_TRANSPOSE2D,
                Shape.of(2, 3, 3, 3),
                Shape.of(3, 2, 3, 3),
                Conv2dSpec.of(1, 0));
        conv(
                c,
                Op.CONV_TRANSPOSE2D,
                Shape.of(1, 2, 3, 4),
                Shape.of(2, 3, 3, 3),
                Conv2dSpec.of(2, 1).withOutputPadding(1, 0));
        conv(
                c,
                Op.CONV_TRANSPOSE2D,
                Shape.of(1, 2, 3, 3),
                Shape.of(2, 1, 4, 4),
                Conv2dSpec.of(2, 2));
        conv(
                c,
                Op.CONV_TRANSPOSE2D,
                Shape.of(1, 2, 3, 3),
                Shape.of(2, 2, 3, 3),
                Conv2dSpec.of(1, 2).withDilation(3, 3).withOutputPadding(2, 1));
        conv(
                c,
                Op.CONV_TRANSPOSE2D,
                Shape.of(128, 2, 3, 3),
                Shape.of(2, 1, 4, 4),
                Conv2dSpec.of(2, 1));
    }

    private static void conv(List<Case> c, Op op, Shape x, Shape kernel, Conv2dSpec spec) {
        c.add(
                new Case(
                        op,
                        "x " + x + ", kernel " + kernel + ", " + spec,
                        List.of(x, kernel),
                        List.of(Domain.GENERAL, Domain.GENERAL),
                        in ->
                                op == Op.CONV2D
                                        ? in.get(0).conv2d(in.get(1), spec)
                                        : in.get(0).convTranspose2d(in.get(1), spec)));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void theBackwardRuleMatchesFiniteDifferences(Case c) {
        assumeNumeric();
        Rng rng = SuiteContext.rng("gradient", c.toString());
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < c.shapes().size(); i++) {
            Shape s = c.shapes().get(i);
            inputs.add(
                    backend()
                            .fromDoubles(
                                    SuiteContext.values(rng, c.domains().get(i), s, DType.FLOAT64),
                                    s));
        }
        expectPass(GradCheck.check(c.f(), inputs, ATOL, RTOL));
    }

    @Test
    void everyDifferentiableOpHasAGradientCase() {
        Set<Op> covered = EnumSet.noneOf(Op.class);
        CASES.forEach(c -> covered.add(c.op()));
        Set<Op> expected = EnumSet.allOf(Op.class);
        expected.removeAll(BackwardRules.NON_DIFFERENTIABLE);
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theStableLogSumExp() {
        assumeNumeric();
        Shape s = Shape.of(3, 4);
        Tensor x =
                backend()
                        .fromDoubles(
                                SuiteContext.values(
                                        SuiteContext.rng("logsumexp"),
                                        Domain.WIDE,
                                        s,
                                        DType.FLOAT64),
                                s);
        expectPass(
                GradCheck.check(
                        in -> in.get(0).logSumExp(new int[] {1}, false), List.of(x), ATOL, RTOL));
    }

    /** float64 inputs of these shapes, from {@link Domain#GENERAL}, seeded by {@code name}. */
    private List<Tensor> general(String name, Shape... shapes) {
        Rng rng = SuiteContext.rng(name);
        List<Tensor> in = new ArrayList<>();
        for (Shape s : shapes) {
            in.add(
                    backend()
                            .fromDoubles(
                                    SuiteContext.values(rng, Domain.GENERAL, s, DType.FLOAT64), s));
        }
        return in;
    }

    @Test
    void batchNormInTrainingModeThroughItsBatchStatistics() {
        assumeNumeric();
        assumeCapability(Capability.TRAINING);
        Init init = Init.on(backend(), DType.FLOAT64, Rng.seeded(5));
        try (BatchNorm2d bn2 = new BatchNorm2d(init, 2);
                BatchNorm1d bn1 = new BatchNorm1d(init, 3)) {
            expectPass(
                    GradCheck.check(
                            v -> bn2.forward(v.get(0)).tanh(),
                            general("bn2d", Shape.of(3, 2, 2, 3)),
                            ATOL,
                            RTOL));
            expectPass(
                    GradCheck.check(
                            v -> bn1.forward(v.get(0)).tanh(),
                            general("bn1d", Shape.of(5, 3)),
                            ATOL,
                            RTOL));
        }
    }

    @Test
    void theFusedLinearLayer() {
        assumeNumeric();
        List<Tensor> in = general("linear", Shape.of(5, 4), Shape.of(3, 4), Shape.of(3));
        expectPass(
                GradCheck.check(
                        v -> Fused.linear(v.get(0), v.get(1), v.get(2)).tanh(), in, ATOL, RTOL));
    }

    /**
     * Elementwise expressions through {@code Fused.elementwise}: every op's derivative rule, in the
     * expressions' own fused backward passes, with inputs broadcast against each other.
     */
    @Test
    void elementwiseExpressions() {
        assumeNumeric();
        Elementwise.Builder g = Elementwise.builder(3);
        Term lv = g.input(2);
        Elementwise gaussian =
                g.build(
                        g.input(0)
                                .sub(g.input(1))
                                .square()
                                .mul(lv.neg().exp())
                                .add(lv)
                                .add(Math.log(2 * Math.PI))
                                .mul(-0.5));
        List<Tensor> in = general("gaussian", Shape.of(3, 2, 4), Shape.of(2, 4), Shape.of(2, 4));
        expectPass(
                GradCheck.check(
                        v -> Fused.elementwise(gaussian, v.get(0), v.get(1), v.get(2)),
                        in,
                        ATOL,
                        RTOL));
        Elementwise.Builder u = Elementwise.builder(1);
        Term x = u.input(0);
        Elementwise unary =
                u.build(
                        x.tanh()
                                .add(x.sigmoid().mul(x.softplus()))
                                .add(x.square().add(0.5).log())
                                .add(x.square().add(1).sqrt())
                                .add(x.abs().log1p())
                                .add(x.relu())
                                .add(x.neg().exp().mul(0.01)));
        expectPass(
                GradCheck.check(
                        v -> Fused.elementwise(unary, v.get(0)),
                        general("unary", Shape.of(2, 5)),
                        ATOL,
                        RTOL));
        Elementwise.Builder b = Elementwise.builder(2);
        Term p = b.input(0);
        Term q = b.input(1);
        Elementwise binary =
                b.build(
                        p.div(q.square().add(0.5))
                                .add(p.maximum(q))
                                .add(p.square().add(0.5).pow(q.mul(0.3)))
                                .add(b.where(p.greater(q), p.mul(q), p.sub(q))));
        expectPass(
                GradCheck.check(
                        v -> Fused.elementwise(binary, v.get(0), v.get(1)),
                        general("binary", Shape.of(3, 4), Shape.of(4)),
                        ATOL,
                        RTOL));
    }

    @Test
    void theFusedBernoulliLogLikelihood() {
        assumeNumeric();
        List<Tensor> in = general("bernoulli", Shape.of(3, 2, 5), Shape.of(2, 5));
        expectPass(
                GradCheck.check(
                        v -> Fused.bernoulliLogLikelihood(v.get(0), v.get(1)).tanh(),
                        in,
                        ATOL,
                        RTOL));
    }

    @Test
    void theElboOfAnMlpVaeForEachLikelihood() {
        assumeNumeric();
        assumeCapability(Capability.TRAINING);
        for (String likelihood : List.of("bernoulli", "gaussian", "continuous-bernoulli")) {
            checkObjective(
                    likelihood,
                    (vae, x) -> Elbo.standard().compute(vae, x, Rng.seeded(3), 0).loss());
        }
    }

    @Test
    void theIwaeBoundOfAnMlpVae() {
        assumeNumeric();
        assumeCapability(Capability.TRAINING);
        checkObjective(
                "bernoulli", (vae, x) -> new IwaeBound(4).compute(vae, x, Rng.seeded(3), 0).loss());
    }

    @Test
    void theElboAndIwaeBoundOfAConvVae() {
        assumeNumeric();
        assumeCapability(Capability.TRAINING);
        ConvVaeConfig conv =
                new ConvVaeConfig(1, 6, 5, new int[] {2, 3}, 3, 4, 2, Activation.TANH, "bernoulli");
        checkObjective(conv, (vae, x) -> Elbo.standard().compute(vae, x, Rng.seeded(3), 0).loss());
        checkObjective(
                conv.withBatchNorm(true),
                (vae, x) -> Elbo.standard().compute(vae, x, Rng.seeded(3), 0).loss());
        checkObjective(conv, (vae, x) -> new IwaeBound(3).compute(vae, x, Rng.seeded(3), 0).loss());
    }

    @Test
    void theElboAndIwaeBoundOfConditionalVaes() {
        assumeNumeric();
        assumeCapability(Capability.TRAINING);
        ModelConfig mlp = new MlpVaeConfig(5, 2, new int[] {4}, Activation.TANH, "bernoulli", 3);
        ModelConfig conv =
                new ConvVaeConfig(1, 5, 4, new int[] {2}, 3, 4, 2, Activation.TANH, "bernoulli")
                        .withConditions(3);
        for (ModelConfig config : List.of(mlp, conv)) {
            checkObjective(
                    config,
                    (vae, x) -> Elbo.standard().compute(vae, x, oneHot(), Rng.seeded(3), 0).loss());
            checkObjective(
                    config,
                    (vae, x) ->
                            new IwaeBound(3).compute(vae, x, oneHot(), Rng.seeded(3), 0).loss());
        }
    }

    /** Labels 2, 0, 1 of three classes, one-hot, for the three examples of checkObjective. */
    private Variable oneHot() {
        double[] c = {0, 0, 1, 1, 0, 0, 0, 1, 0};
        return Variable.constant(backend().fromDoubles(c, Shape.of(3, 3)));
    }

    private void checkObjective(
            String likelihood, java.util.function.BiFunction<Vae, Variable, Variable> loss) {
        checkObjective(new MlpVaeConfig(5, 2, new int[] {4}, Activation.TANH, likelihood), loss);
    }

    private void checkObjective(
            ModelConfig config, java.util.function.BiFunction<Vae, Variable, Variable> loss) {
        String likelihood = config.summary() + " " + config.likelihood();
        try (Vae vae = config.build(Init.on(backend(), DType.FLOAT64, Rng.seeded(11)))) {
            Shape s = Shape.of(3, config.features());
            Variable x =
                    Variable.constant(
                            backend()
                                    .fromDoubles(
                                            Rng.seeded(12).uniforms(3 * config.features()), s));
            List<Variable> leaves = new ArrayList<>();
            vae.parameters().forEach(p -> leaves.add(p.variable()));
            GradCheck.Result r =
                    GradCheck.checkLeaves(() -> loss.apply(vae, x), leaves, ATOL, RTOL);
            assertThat(r.passed()).as("%s: %s", likelihood, r.detail()).isTrue();
        }
    }

    /** Gradient checks need float64 values that can be read back. */
    private void assumeNumeric() {
        assumeCapability(Capability.FLOAT64);
        assumeCapability(Capability.READ_VALUES);
    }

    private static void expectPass(GradCheck.Result r) {
        assertThat(r.passed()).as(r.detail()).isTrue();
    }
}
