/**
 * Reverse-mode automatic differentiation over the SPI's primitive ops: {@link
 * org.vae4j.core.autograd.Variable} records ops as they run, {@link
 * org.vae4j.core.autograd.BackwardRules} holds one rule per op, {@link
 * org.vae4j.core.autograd.Autograd} runs the backward pass, {@link
 * org.vae4j.core.autograd.CustomFunction} adds ops with hand-written gradients, and {@link
 * org.vae4j.core.autograd.GradCheck} checks any of them against finite differences.
 */
package org.vae4j.core.autograd;
