package org.vae4j.api.memory;

/**
 * A reading of a backend's memory, for leak tests and benchmarks.
 *
 * @param liveTensors tensors created and not yet closed (by the program or a scope)
 * @param nativeBytes bytes of native memory the backend holds, or -1 where it cannot tell
 */
public record MemoryStats(long liveTensors, long nativeBytes) {

    /** Returns whether the backend reports its native bytes. */
    public boolean knowsNativeBytes() {
        return nativeBytes >= 0;
    }
}
