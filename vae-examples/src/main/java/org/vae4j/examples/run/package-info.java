/**
 * A training run on disk: the run directory's layout and the pictures drawn from a trained model
 * (samples, reconstructions, loss curves, the latent manifold).
 */
package org.vae4j.examples.run;
