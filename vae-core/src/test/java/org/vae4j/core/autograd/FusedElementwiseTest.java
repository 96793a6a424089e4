package org.vae4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vae4j.api.Backend;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.backend.reference.ReferenceBackend;

/**
 * {@link Fused#elementwise} against the same ops one at a time on variables: the same values and,
 * where no input is broadcast, the same gradients bit for bit, since the derived expressions visit
 * and add up the rules' terms in the order the tape's driver does. Only the inputs that require a
 * gradient get one.
 */
class FusedElementwiseTest {
    private static final Backend B = ReferenceBackend.create();

    /** An expression over two inputs and the same function written with variables. */
    private record Case(String name, Elementwise e, Function<List<Variable>, Variable> ops) {}

    private static Case continuousBernoulli() {
        Elementwise.Builder b = Elementwise.builder(2);
        Term l = b.input(1);
        Term near = l.abs().greater(0.1).neg().add(1);
        Term safe = b.where(near, b.constant(0.1), l);
        Term exact = safe.abs().log().sub(safe.mul(0.5).tanh().abs().log());
        Term l2 = l.square();
        Term taylor = l2.mul(1.0 / 12).sub(l2.square().mul(7.0 / 1440)).add(Math.log(2));
        Elementwise e =
                b.build(b.input(0).mul(l).sub(l.softplus()).add(b.where(near, taylor, exact)));
        return new Case(
                "continuous Bernoulli",
                e,
                v -> {
                    Variable x = v.get(0);
                    Variable lv = v.get(1);
                    Variable nearV = lv.abs().greater(0.1).neg().add(1);
                    Variable safeV = Variable.where(nearV, lv.scalar(0.1), lv);
                    Variable exactV = safeV.abs().log().sub(safeV.mul(0.5).tanh().abs().log());
                    Variable sq = lv.square();
                    Variable taylorV =
                            sq.mul(1.0 / 12).sub(sq.square().mul(7.0 / 1440)).add(Math.log(2));
                    return x.mul(lv).sub(lv.softplus()).add(Variable.where(nearV, taylorV, exactV));
                });
    }

    private static Case mixed() {
        Elementwise.Builder b = Elementwise.builder(2);
        Term x = b.input(0);
        Term y = b.input(1);
        Elementwise e =
                b.build(
                        x.maximum(y.mul(0.01))
                                .mul(x.sigmoid())
                                .add(y.exp().div(x.square().add(1))));
        return new Case(
                "maximum, sigmoid, exp, div",
                e,
                v ->
                        v.get(0)
                                .maximum(v.get(1).mul(0.01))
                                .mul(v.get(0).sigmoid())
                                .add(v.get(1).exp().div(v.get(0).square().add(1))));
    }

    @Test
    void valuesAndGradientsAreTheOpsOwnBitForBit() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Case c : List.of(continuousBernoulli(), mixed())) {
                for (boolean first : new boolean[] {true, false}) {
                    Rng rng = Rng.seeded(7);
                    double[] a = rng.normals(60);
                    double[] l = rng.normals(60);
                    for (int i = 0; i < l.length; i += 4) {
                        l[i] *= 0.04; // some inside the Taylor cut
                    }
                    Variable x = input(a, dtype, first);
                    Variable y = input(l, dtype, true);
                    Variable fused = Fused.elementwise(c.e(), x, y);
                    Variable ops = c.ops().apply(List.of(x, y));
                    String what = c.name() + " " + dtype + (first ? "" : ", first input constant");
                    assertThat(fused.value().toDoubles())
                            .as(what)
                            .isEqualTo(ops.value().toDoubles());
                    Gradients gf = Autograd.gradients(fused.sumAll());
                    Gradients go = Autograd.gradients(ops.sumAll());
                    assertThat(gf.get(y).value().toDoubles())
                            .as(what + ", second input's gradient")
                            .isEqualTo(go.get(y).value().toDoubles());
                    if (first) {
                        assertThat(gf.get(x).value().toDoubles())
                                .as(what + ", first input's gradient")
                                .isEqualTo(go.get(x).value().toDoubles());
                    }
                }
            }
        }
    }

    @Test
    void anExpressionThatIsItsInputPassesTheGradientThrough() {
        Elementwise.Builder b = Elementwise.builder(1);
        Variable x = input(new double[] {1, -2, 3}, DType.FLOAT64, true);
        Gradients g = Autograd.gradients(Fused.elementwise(b.build(b.input(0)), x).mul(2).sumAll());
        assertThat(g.get(x).value().toDoubles()).containsExactly(2, 2, 2);
    }

    private static Variable input(double[] v, DType dtype, boolean requiresGrad) {
        Shape s = v.length % 6 == 0 ? Shape.of(6, v.length / 6) : Shape.of(v.length);
        var t = dtype == DType.FLOAT64 ? B.fromDoubles(v, s) : B.fromFloats(toFloats(v), s);
        return requiresGrad ? Variable.leaf(t, "in") : Variable.constant(t);
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
