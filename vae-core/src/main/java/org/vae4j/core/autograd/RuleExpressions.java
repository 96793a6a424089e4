package org.vae4j.core.autograd;

import java.util.function.BiFunction;
import org.vae4j.api.ops.Elementwise;
import org.vae4j.api.ops.Elementwise.Term;

/**
 * The backward rules that are chains of elementwise ops, as expressions ({@link Fused#elementwise})
 * over the output's gradient {@code g} (input 0) and the op's input or output: each runs as one op,
 * one pass over memory on a backend that fuses, for every model that uses the op. The terms are
 * {@link BackwardRules}'s, in the same order, so the gradients are the same numbers.
 */
final class RuleExpressions {
    /** {@code g / (x + 1)} over (g, x). */
    static final Elementwise LOG1P = of((g, x) -> g.div(x.add(1)));

    /** {@code g / (2 y)} over (g, y). */
    static final Elementwise SQRT = of((g, y) -> g.div(y.mul(2)));

    /** {@code g (2 x)} over (g, x). */
    static final Elementwise SQUARE = of((g, x) -> g.mul(x.mul(2)));

    /** {@code g sign(x)} over (g, x). */
    static final Elementwise ABS = of((g, x) -> g.mul(x.greater(0).sub(x.neg().greater(0))));

    /** {@code g (1 - y^2)} over (g, y). */
    static final Elementwise TANH = of((g, y) -> g.mul(y.square().neg().add(1)));

    /** {@code g y (1 - y)} over (g, y). */
    static final Elementwise SIGMOID = of((g, y) -> g.mul(y.mul(y.neg().add(1))));

    /** {@code g [x > 0]} over (g, x). */
    static final Elementwise RELU = of((g, x) -> g.mul(x.greater(0)));

    /** {@code g sigmoid(x)} over (g, x). */
    static final Elementwise SOFTPLUS = of((g, x) -> g.mul(x.sigmoid()));

    /** {@code -(g y / b)}, the divisor's gradient, over (g, y, b). */
    static final Elementwise DIVISOR;

    static {
        Elementwise.Builder b = Elementwise.builder(3);
        DIVISOR = b.build(b.input(0).mul(b.input(1)).div(b.input(2)).neg());
    }

    private RuleExpressions() {}

    private static Elementwise of(BiFunction<Term, Term, Term> body) {
        Elementwise.Builder b = Elementwise.builder(2);
        return b.build(body.apply(b.input(0), b.input(1)));
    }
}
