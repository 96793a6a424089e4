/**
 * Training: the {@link org.vae4j.core.train.Trainer} loop (seeded epochs and batches, the NaN
 * guard), its settings, per-epoch metrics, and the listeners that log metrics, save checkpoints and
 * stop early on the validation ELBO.
 */
package org.vae4j.core.train;
