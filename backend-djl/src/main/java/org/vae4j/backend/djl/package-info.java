/**
 * The vae4j backend on DJL with the PyTorch engine: {@link
 * org.vae4j.backend.djl.DjlBackendProvider} is found through {@code META-INF/services} under the
 * name {@code djl} and runs every primitive op with PyTorch's kernels (libtorch 2.7.1 through DJL
 * 0.36), on the CPU with {@code pytorch-native-cpu}, or on NVIDIA GPUs with a CUDA build of
 * libtorch.
 *
 * <p>Every tensor holds its own contiguous {@code PtNDArray} (never a view of another), so that
 * closing the tensor, or the scope that owns it, frees its storage at once, and writing it in place
 * changes no other tensor.
 */
package org.vae4j.backend.djl;
