/**
 * The vae4j backend on ND4J: {@link org.vae4j.backend.nd4j.Nd4jBackendProvider} is found through
 * {@code META-INF/services} under the name {@code nd4j} and runs every primitive op with ND4J's
 * native kernels, on the CPU (generic, AVX2 or AVX-512 build, whichever {@code nd4j-native} jar is
 * on the class path) or on NVIDIA GPUs with {@code nd4j-cuda}.
 *
 * <p>Every tensor holds its own dense, row-major {@code INDArray} (never a view of another), so
 * that closing the tensor, or the scope that owns it, frees its native buffer at once.
 */
package org.vae4j.backend.nd4j;
