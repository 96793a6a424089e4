package org.vae4j.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vae4j.api.ops.Elementwise.Term;

/** Building expressions: shared nodes, only the nodes the result needs, and clear refusals. */
class ElementwiseTest {
    @Test
    void equalNodesAreSharedAndUnusedOnesLeftOut() {
        Elementwise.Builder b = Elementwise.builder(2);
        Term x = b.input(0);
        b.input(1).exp(); // not part of the result
        Elementwise e = b.build(x.square().add(x.square()).add(2).mul(b.constant(2)));
        assertThat(e.inputs()).isEqualTo(2);
        assertThat(e.nodes().stream().map(Elementwise.Node::toString))
                .containsExactly("in0", "SQUARE[0]", "ADD[1, 1]", "2.0", "ADD[2, 3]", "MUL[4, 3]");
        assertThat(e.result()).isEqualTo(5);
        assertThat(e.nodes().get(2).arity()).isEqualTo(2);
        assertThat(e.nodes().get(0).isInput()).isTrue();
        assertThat(e.nodes().get(3).isConstant()).isTrue();
    }

    @Test
    void everyTermMethodRecordsItsOp() {
        Elementwise.Builder b = Elementwise.builder(2);
        Term x = b.input(0);
        Term y = b.input(1);
        Term[] terms = {
            x.add(y),
            x.sub(y),
            x.mul(y),
            x.div(y),
            x.maximum(y),
            x.pow(y),
            x.greater(y),
            x.neg(),
            x.exp(),
            x.log(),
            x.log1p(),
            x.sqrt(),
            x.square(),
            x.abs(),
            x.tanh(),
            x.sigmoid(),
            x.relu(),
            x.softplus(),
            b.where(x, y, x)
        };
        Op[] ops = {
            Op.ADD,
            Op.SUB,
            Op.MUL,
            Op.DIV,
            Op.MAXIMUM,
            Op.POW,
            Op.GREATER,
            Op.NEG,
            Op.EXP,
            Op.LOG,
            Op.LOG1P,
            Op.SQRT,
            Op.SQUARE,
            Op.ABS,
            Op.TANH,
            Op.SIGMOID,
            Op.RELU,
            Op.SOFTPLUS,
            Op.WHERE
        };
        for (int i = 0; i < ops.length; i++) {
            Elementwise e = b.build(terms[i]);
            assertThat(e.nodes().get(e.result()).op()).isEqualTo(ops[i]);
        }
    }

    @Test
    void anExpressionInlinedIsItsNodesOverTheTermsGiven() {
        Elementwise.Builder s = Elementwise.builder(2);
        Elementwise square = s.build(s.input(0).sub(s.input(1)).square());
        Elementwise.Builder b = Elementwise.builder(1);
        Term x = b.input(0);
        Elementwise e = b.build(b.inline(square, x.exp(), b.constant(1)).mul(0.5));
        assertThat(e.nodes().stream().map(Elementwise.Node::toString))
                .containsExactly(
                        "in0", "EXP[0]", "1.0", "SUB[1, 2]", "SQUARE[3]", "0.5", "MUL[4, 5]");
        assertThatThrownBy(() -> b.inline(square, x)).hasMessageContaining("takes 2 inputs, got 1");
    }

    @Test
    void refusesWhatIsNotAnElementwiseExpression() {
        assertThatThrownBy(() -> Elementwise.builder(0)).hasMessageContaining("at least one input");
        Elementwise.Builder b = Elementwise.builder(1);
        assertThatThrownBy(() -> b.input(1))
                .hasMessageContaining("input 1 of an expression over 1");
        assertThatThrownBy(() -> b.apply(Op.SUM, b.input(0)))
                .hasMessageContaining("SUM is not elementwise");
        assertThatThrownBy(() -> b.apply(Op.ADD, b.input(0)))
                .hasMessageContaining("ADD takes 2 arguments, got 1");
        Term foreign = Elementwise.builder(1).input(0);
        assertThatThrownBy(() -> b.input(0).add(foreign))
                .hasMessageContaining("another expression");
        assertThatThrownBy(() -> b.build(foreign)).hasMessageContaining("another expression");
    }
}
