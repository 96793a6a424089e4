/**
 * The vae4j backend SPI: {@link org.vae4j.api.Backend} (an opened backend), {@link
 * org.vae4j.api.BackendProvider} (the {@link java.util.ServiceLoader} interface), {@link
 * org.vae4j.api.Backends} (discovery and selection), capabilities and the exception hierarchy
 * rooted at {@link org.vae4j.api.VaeException}.
 */
package org.vae4j.api;
