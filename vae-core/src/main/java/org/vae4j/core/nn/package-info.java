/**
 * Neural-network building blocks: {@link org.vae4j.core.nn.Module} (named parameters and a state
 * dict), {@link org.vae4j.core.nn.Parameter}, {@link org.vae4j.core.nn.Init} (seeded, backend
 * independent initial values), {@link org.vae4j.core.nn.Linear}, {@link org.vae4j.core.nn.Mlp} and
 * {@link org.vae4j.core.nn.Activation}.
 */
package org.vae4j.core.nn;
