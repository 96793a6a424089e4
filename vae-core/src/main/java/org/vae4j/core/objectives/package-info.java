/**
 * Training objectives: the {@link org.vae4j.core.objectives.Elbo} (with beta, free bits and KL
 * warm-up) and the {@link org.vae4j.core.objectives.IwaeBound}, each returning its {@link
 * org.vae4j.core.objectives.LossTerms} per example.
 */
package org.vae4j.core.objectives;
