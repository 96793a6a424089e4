/**
 * Value types that describe tensors ({@link org.vae4j.api.tensor.Shape}, {@link
 * org.vae4j.api.tensor.DType}, {@link org.vae4j.api.tensor.Device}) and the {@link
 * org.vae4j.api.tensor.Tensor} handle itself.
 */
package org.vae4j.api.tensor;
