/**
 * Seeded random streams that are identical on every backend: {@link org.vae4j.api.random.Rng} over
 * the Philox4x32-10 counter-based generator.
 */
package org.vae4j.api.random;
