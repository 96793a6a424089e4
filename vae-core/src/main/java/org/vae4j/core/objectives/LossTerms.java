package org.vae4j.core.objectives;

import org.vae4j.core.autograd.Variable;

/**
 * What an objective computed for a batch.
 *
 * @param loss the scalar to minimise: the batch mean of the training objective, including any KL
 *     weight or free bits
 * @param negativeBound per example, {@code -bound} in nats: the negative ELBO (or IWAE bound),
 *     unweighted, which is what "test loss" reports
 * @param reconstruction per example, {@code -E_q[log p(x|z)]} in nats
 * @param kl per example, {@code KL(q(z|x) || p(z))} in nats, unweighted
 */
public record LossTerms(
        Variable loss, Variable negativeBound, Variable reconstruction, Variable kl) {}
