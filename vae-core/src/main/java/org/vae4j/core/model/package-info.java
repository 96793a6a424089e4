/**
 * The VAE's parts: {@link org.vae4j.core.model.Encoder} q(z|x), {@link
 * org.vae4j.core.model.Decoder} p(x|z) with a {@link org.vae4j.core.model.Likelihood}, and {@link
 * org.vae4j.core.model.Vae}; {@link org.vae4j.core.model.MlpVaeConfig} builds the MLP versions.
 */
package org.vae4j.core.model;
