/**
 * Building blocks for backend implementers: {@link org.vae4j.api.support.AbstractBackend} validates
 * every op and keeps per-thread scopes, {@link org.vae4j.api.support.AbstractTensor} tracks a
 * handle's lifetime. Users of vae4j do not need this package.
 */
package org.vae4j.api.support;
