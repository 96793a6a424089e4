package org.vae4j.core.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.api.ops.Op;

class BackwardRulesCoverageTest {

    @ParameterizedTest
    @EnumSource(Op.class)
    void everyOpHasARuleOrIsDeclaredNonDifferentiable(Op op) {
        boolean hasRule = BackwardRules.of(op) != null;
        boolean exempt = BackwardRules.NON_DIFFERENTIABLE.contains(op);
        assertThat(hasRule ^ exempt)
                .as("%s must have exactly one of: a rule, an entry in NON_DIFFERENTIABLE", op)
                .isTrue();
    }
}
