package org.vae4j.api;

import java.util.Map;
import java.util.Set;
import org.vae4j.api.memory.MemoryStats;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.ops.TensorOps;
import org.vae4j.api.tensor.Device;

/**
 * An opened backend on one device: it creates tensors, runs the primitive ops on them, and manages
 * their native memory through scopes. Obtain one from {@link Backends} or a {@link
 * BackendProvider}; it is thread-safe, and scopes are per thread.
 *
 * <pre>{@code
 * try (Backend backend = Backends.open()) {
 *     Tensor x = backend.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(2, 2));
 *     try (Scope scope = backend.openScope()) {
 *         Tensor y = backend.unary(Op.EXP, x);    // freed when the scope closes
 *         System.out.println(Arrays.toString(y.toFloats()));
 *     }
 *     x.close();
 * }
 * }</pre>
 */
public interface Backend extends TensorOps, AutoCloseable {

    /** Returns the provider's name, for example {@code nd4j}. */
    String name();

    /** Returns the device every tensor of this backend lives on. */
    Device device();

    /** Returns what this backend supports beyond float32 primitive ops. */
    Set<Capability> capabilities();

    /** Returns whether this backend declares a capability. */
    default boolean supports(Capability capability) {
        return capabilities().contains(capability);
    }

    /**
     * Returns facts for reports, in a stable order: engine and native library versions, the native
     * build (generic, AVX2, AVX-512), thread counts, and the like.
     */
    Map<String, String> info();

    /** Opens a memory scope on the calling thread; see {@link Scope}. */
    Scope openScope();

    /** Returns a reading of the live tensors and native memory. */
    MemoryStats memory();

    /** Returns whether {@link #close()} has been called. */
    boolean isClosed();

    /**
     * Releases the backend; further ops throw {@link IllegalStateException}. Tensors already
     * created may still be closed. Calling it again does nothing.
     */
    @Override
    void close();
}
