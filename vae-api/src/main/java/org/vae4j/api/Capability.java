package org.vae4j.api;

/**
 * What a backend can do beyond the float32 primitive ops every backend computes. Callers and the
 * conformance suite decide by capability, never by backend name.
 */
public enum Capability {
    /** Tensors of {@link org.vae4j.api.tensor.DType#FLOAT64}. */
    FLOAT64,
    /** Tensors hold values that can be copied out ({@code toFloats}, {@code toDoubles}). */
    READ_VALUES,
    /** In-place updates ({@code assign}, {@code adamUpdate}): what training needs. */
    TRAINING,
    /** Tensors live on an NVIDIA GPU. */
    CUDA,
    /** Running ops records a graph that can be exported instead of computing values. */
    GRAPH_EXPORT
}
