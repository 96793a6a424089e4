/**
 * Native memory regions: {@link org.vae4j.api.memory.Scope} frees the tensors made inside it,
 * {@link org.vae4j.api.memory.MemoryStats} measures what a backend holds.
 */
package org.vae4j.api.memory;
