/**
 * Evaluation of a trained VAE: the test-set ELBO and its parts, the importance-sampled
 * log-likelihood with its standard error, and latent statistics (active units, KL per dimension).
 */
package org.vae4j.core.eval;
