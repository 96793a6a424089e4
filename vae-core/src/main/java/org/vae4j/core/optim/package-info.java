/**
 * Optimizers that update parameters in place ({@link org.vae4j.core.optim.Adam}, {@link
 * org.vae4j.core.optim.Adagrad}, {@link org.vae4j.core.optim.Sgd}), gradient clipping and
 * learning-rate schedules.
 */
package org.vae4j.core.optim;
