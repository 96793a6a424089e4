/**
 * Files: {@link org.vae4j.core.io.AtomicFiles} (write to a temporary file, fsync, rename), strict
 * JSON over Jackson's streaming API ({@link org.vae4j.core.io.Json}) with typed field access
 * ({@link org.vae4j.core.io.JsonFields}), and the Hugging Face safetensors format ({@link
 * org.vae4j.core.io.Safetensors}) for tensors copied to the host ({@link
 * org.vae4j.core.io.HostArray}).
 *
 * <p>Readers validate sizes and offsets before they allocate, so a corrupt or hostile file fails
 * fast with a one-line {@link org.vae4j.core.io.CheckpointException} or {@link
 * org.vae4j.core.io.JsonException}. Nothing here uses Java serialization.
 */
package org.vae4j.core.io;
