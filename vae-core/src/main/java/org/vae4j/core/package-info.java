/**
 * vae4j's core library: the VAE math on the backend SPI. This package holds only {@link
 * org.vae4j.core.Version}; the subpackages hold autodiff, modules, distributions, models,
 * objectives, optimizers, training, evaluation, checkpoints, datasets and file formats.
 */
package org.vae4j.core;
